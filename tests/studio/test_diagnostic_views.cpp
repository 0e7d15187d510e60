// The sampler diagnostics on the trainer side: nothing until asked for, a message without a
// query, and chains that have not forgotten their starts reported as not mixing.
#include <torch/torch.h>

#include <doctest/doctest.h>

#include "core/scenes/scene.h"
#include "core/train/egeot_trainer.h"
#include "studio/worker/diagnostic_views.h"

using namespace egeot;
using namespace egeot::studio;

TEST_SUITE("diagnostic_views") {
  TEST_CASE(
      "diagnostic views: off by default, a message without a query, R-hat for unmixed chains") {
    at::set_num_threads(1);
    torch::manual_seed(1);
    Scene scene = load_scene("swissroll");
    scene.potential.widths = {32, 32};
    scene.sampler.steps = 5;  // 50 ULA steps (10x): too few to bring chains from 3x Q's radius
    EgeotTrainer trainer(scene, torch::kCPU);
    DiagnosticViews views;

    Snapshot off;
    views.fill(off);
    CHECK(!off.diagnostics);
    CHECK(!views.stale(trainer.iteration()));

    cmd::SetDiagnostics request;
    request.enabled = true;
    request.kind = "mala";
    views.set_request(request);
    CHECK(views.urgent());
    views.refresh(trainer);
    Snapshot none;
    views.fill(none);
    REQUIRE(none.diagnostics);
    CHECK(none.diagnostics->message.find("query") != std::string::npos);

    views.set_queries({{0.5, 0.5}}, 0);
    CHECK(views.urgent());
    views.refresh(trainer);
    CHECK(!views.urgent());
    CHECK(!views.stale(trainer.iteration()));
    Snapshot s;
    views.fill(s);
    REQUIRE(s.diagnostics);
    const auto& v = *s.diagnostics;
    CHECK(v.message.empty());
    CHECK(v.request.kind == "mala");
    CHECK(v.steps == 50);
    CHECK(v.acceptance.size() == 50);
    CHECK((v.mean_acceptance >= 0 && v.mean_acceptance <= 1));
    CHECK(!v.curve_steps.empty());
    CHECK(v.rhat_curve.size() == v.curve_steps.size());
    CHECK(v.tv_curve.size() == v.curve_steps.size());
    // The far third starts about 3x Q's radius away and ULA-like steps of size sigma^2 = 0.0025
    // close a fraction sigma^2 / (2 eps) = 0.0125 of the distance per step: after 50 steps two
    // thirds of it remain, so those chains are still apart from the rest.
    CHECK(v.rhat > 1.5);
    REQUIRE(v.chains_by_start);
    CHECK(v.chains_by_start->lines() == static_cast<size_t>(v.chains));
    CHECK(v.chains_by_start->rgba.front() == start_colour(0, 210));
    CHECK(v.chains_by_start->rgba.back() == start_colour(2, 210));

    request.enabled = false;
    views.set_request(request);
    Snapshot after;
    views.fill(after);
    CHECK(!after.diagnostics);
  }
}
