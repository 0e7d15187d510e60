#include "cli/eps_options.h"

#include "cli/parse.h"

#include <tuple>

namespace egeot::cli {

CLI::Option* add_eps_option(CLI::App* cmd, EpsFlag& eps, EpsForm form, const std::string& help) {
  const std::string fallback = eps.text;
  // The option's required() is set by the caller after this returns, so it is read when
  // the value arrives.
  auto parse = [&eps, form, fallback, cmd](const std::string& text) {
    eps.text = text;
    eps.values.clear();
    if (text.empty() && fallback.empty() && !cmd->get_option("--eps")->get_required()) return;
    if (form == EpsForm::kOne) eps.values = {parse_positive("--eps", text)};
    if (form == EpsForm::kList) eps.values = parse_positive_list("--eps", text);
  };
  auto* option = cmd->add_option_function<std::string>("--eps", parse, help);
  if (!fallback.empty()) {
    parse(fallback);
    option->default_str(fallback);
  }
  return option;
}

CLI::Option* add_eps_range_option(CLI::App* cmd, EpsRangeFlag& range, const std::string& help) {
  return cmd->add_option_function<std::string>(
      "--eps-range",
      [&range](const std::string& text) {
        range = {text, 0, 0};
        if (!text.empty()) std::tie(range.min, range.max) = parse_eps_range("--eps-range", text);
      },
      help);
}

}  // namespace egeot::cli
