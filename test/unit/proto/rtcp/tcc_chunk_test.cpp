#include "proto/rtcp/tcc_chunk.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace weir::proto::rtcp {
namespace {

constexpr TccSymbol N = TccSymbol::kNotReceived;
constexpr TccSymbol S = TccSymbol::kSmallDelta;
constexpr TccSymbol L = TccSymbol::kLargeDelta;
constexpr TccSymbol R = TccSymbol::kReserved;

std::vector<TccSymbol> Symbols(TccChunk c) {
  std::vector<TccSymbol> out;
  for (size_t i = 0; i < c.symbol_count(); ++i)
    out.push_back(c.symbol(i));
  return out;
}

// The four chunk examples of draft-holmer-rmcat-transport-wide-cc-extensions-01, 3.1.3-3.1.4.

TEST_CASE("tcc chunk: draft 3.1.3 example 1, run of 221 not received") {
  // |0|0 0|0 0 0 0 0 1 1 0 1 1 1 0 1|
  TccChunk c(0b0'00'0000011011101);
  CHECK(c.raw() == 0x00dd);
  CHECK(c.is_run_length());
  CHECK(c.symbol_count() == 221);
  CHECK(c.symbol(0) == N);
  CHECK(c.symbol(220) == N);
  CHECK(TccChunk::EncodeRunLength(N, 221) == 0x00dd);
}

TEST_CASE("tcc chunk: draft 3.1.3 example 2, run of 24 of symbol 11") {
  // |0|1 1|0 0 0 0 0 0 0 0 1 1 0 0 0|  The draft-00 "received w/o delta"; reserved in -01.
  TccChunk c(0b0'11'0000000011000);
  CHECK(c.raw() == 0x6018);
  CHECK(c.symbol_count() == 24);
  CHECK(c.symbol(0) == R);
  CHECK(TccChunk::EncodeRunLength(R, 24) == 0x6018);
}

TEST_CASE("tcc chunk: draft 3.1.4 example 1, one-bit vector") {
  // |1|0|0 1 1 1 1 1 0 0 0 1 1 1 0 0|: 1 not received, 5 received, 3 not, 3 received, 2 not.
  TccChunk c(0b1'0'01111100011100);
  CHECK(c.raw() == 0x9f1c);
  CHECK_FALSE(c.is_run_length());
  std::vector<TccSymbol> expected = {N, S, S, S, S, S, N, N, N, S, S, S, N, N};
  CHECK(Symbols(c) == expected);
  CHECK(TccChunk::EncodeOneBitVector(expected) == 0x9f1c);
}

TEST_CASE("tcc chunk: draft 3.1.4 example 2, two-bit vector") {
  // |1|1|0 0 1 1 0 1 0 1 0 1 0 0 0 0|: not received, (reserved), 3 received small, 2 not.
  TccChunk c(0b1'1'00110101010000);
  CHECK(c.raw() == 0xcd50);
  std::vector<TccSymbol> expected = {N, R, S, S, S, N, N};
  CHECK(Symbols(c) == expected);
  CHECK(TccChunk::EncodeTwoBitVector(expected) == 0xcd50);
}

TEST_CASE("tcc chunk: two-bit vector with large deltas; short vectors pad with not received") {
  std::vector<TccSymbol> syms = {L, S, L};
  uint16_t raw = TccChunk::EncodeTwoBitVector(syms);
  CHECK(raw == 0b1'1'10'01'10'00'00'00'00);
  CHECK(Symbols(TccChunk(raw)) == std::vector<TccSymbol>{L, S, L, N, N, N, N});
  CHECK(TccChunk::EncodeOneBitVector(std::vector<TccSymbol>{S}) == 0b1'0'10000000000000);
  CHECK(TccChunk::EncodeRunLength(L, TccChunk::kMaxRunLength) == 0x5fff);
  CHECK(TccChunk(0x5fff).symbol_count() == 8191);
  CHECK(TccDeltaSize(N) == 0);
  CHECK(TccDeltaSize(S) == 1);
  CHECK(TccDeltaSize(L) == 2);
}

}  // namespace
}  // namespace weir::proto::rtcp
