#include "core/dist/master_address.h"

#include "base/error.h"

#include <cstdlib>

namespace egeot {

bool MasterAddress::loopback() const {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

MasterAddress parse_master_address(const std::string& text, const std::string& flag) {
  const auto bad = [&] {
    return InputError(flag + " " + text +
                      ": expected HOST:PORT with PORT in 1..65535 (e.g. 127.0.0.1:29500)");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) throw bad();
  const std::string port = text.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) throw bad();
  MasterAddress address{text.substr(0, colon), std::atoi(port.c_str())};
  if (address.port < 1 || address.port > 65535) throw bad();
  return address;
}

}  // namespace egeot
