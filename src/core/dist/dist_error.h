#pragma once
// A distributed run that cannot go on: a peer died or is unreachable, the rendezvous timed
// out, or the ranks disagree (scene, build, weights). what() is one line that starts with the
// rank that saw it ("rank 1: ..."); the CLI prints it and every rank stops.
#include <stdexcept>
#include <string>

namespace egeot {

class DistError : public std::runtime_error {
 public:
  DistError(int rank, const std::string& cause)
      : std::runtime_error("rank " + std::to_string(rank) + ": " + cause) {}
};

}  // namespace egeot
