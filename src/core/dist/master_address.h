#pragma once
// --master HOST:PORT, where rank 0 hosts the rendezvous store and the others connect.
#include <string>

namespace egeot {

struct MasterAddress {
  std::string host;
  int port = 0;
  std::string text() const { return host + ":" + std::to_string(port); }
  // A loopback host: every rank is on this machine.
  bool loopback() const;
};

// InputError naming `flag` unless text is HOST:PORT with a non-empty host and PORT in
// 1..65535.
MasterAddress parse_master_address(const std::string& text, const std::string& flag = "--master");

}  // namespace egeot
