#pragma once

// libweir-controller: drive weir-worker processes from C++. See controller/README.md.

#include "weir/callback.hpp"
#include "weir/channel_object.hpp"
#include "weir/consumer.hpp"
#include "weir/errors.hpp"
#include "weir/listener_list.hpp"
#include "weir/log.hpp"
#include "weir/notification.hpp"
#include "weir/plain_transport.hpp"
#include "weir/producer.hpp"
#include "weir/router.hpp"
#include "weir/rtp_types.hpp"
#include "weir/transport.hpp"
#include "weir/transport_types.hpp"
#include "weir/uuid.hpp"
#include "weir/webrtc_server.hpp"
#include "weir/webrtc_transport.hpp"
#include "weir/worker.hpp"
#include "weir/worker_settings.hpp"
#include "weir/worker_types.hpp"
