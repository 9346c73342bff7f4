#pragma once

// Dumps and stats of transports, producers and consumers, as the schema shapes them
// (channel-schema/transport.fbs, producer.fbs, consumer.fbs).

#include "flatbuffers/flatbuffers.h"
#include "sfu/consumer.hpp"
#include "sfu/producer.hpp"
#include "sfu/transport.hpp"
#include "weir/fbs/consumer_generated.h"
#include "weir/fbs/producer_generated.h"
#include "weir/fbs/transport_generated.h"

namespace weir::channel {

flatbuffers::Offset<fbs::TransportDump> DumpTransport(flatbuffers::FlatBufferBuilder& b,
                                                      sfu::Transport& transport);
flatbuffers::Offset<fbs::TransportStats> TransportStatsToFbs(flatbuffers::FlatBufferBuilder& b,
                                                             sfu::Transport& transport,
                                                             base::Timestamp now);
flatbuffers::Offset<fbs::ProducerDump> DumpProducer(flatbuffers::FlatBufferBuilder& b,
                                                    sfu::Producer& producer,
                                                    const std::vector<std::string>& consumerIds);
flatbuffers::Offset<fbs::ProducerStats> ProducerStatsToFbs(flatbuffers::FlatBufferBuilder& b,
                                                           sfu::Producer& producer,
                                                           base::Timestamp now);
flatbuffers::Offset<fbs::ConsumerDump> DumpConsumer(flatbuffers::FlatBufferBuilder& b,
                                                    sfu::Consumer& consumer);
flatbuffers::Offset<fbs::ConsumerStats> ConsumerStatsToFbs(flatbuffers::FlatBufferBuilder& b,
                                                           sfu::Consumer& consumer,
                                                           base::Timestamp now);
flatbuffers::Offset<fbs::ConsumerScore> ConsumerScoreToFbs(flatbuffers::FlatBufferBuilder& b,
                                                           sfu::Consumer& consumer);
fbs::ProducerType ToFbs(sfu::ProducerType type);
fbs::ConsumerType ToFbs(sfu::ConsumerType type);

}  // namespace weir::channel
