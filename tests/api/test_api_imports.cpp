// The import sandbox and the resource limits, through the public API: what a host embedding
// Ingot in a service relies on when it analyses files it did not write.
#include "api/api_support.hpp"

#include <ingot/ingot.hpp>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <iterator>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace api_test;

namespace {

const std::string plan_body = "plan p {\n  period 2025..2026\n}\n";

/// Every line of /etc/passwd, for checking that none reaches the output.
std::vector<std::string> passwd_lines() {
    std::vector<std::string> out;
    std::istringstream in(read_text("/etc/passwd"));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            out.push_back(line);
        }
    }
    return out;
}

/// Everything an analysis shows: each diagnostic rendered, with notes and help.
std::string all_output(const ingot::Analysis& analysis) {
    std::string out;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        out += analysis.render(d);
        out += d.message;
        for (const std::string& n : d.notes) {
            out += n;
        }
    }
    return out;
}

void check_nothing_of_passwd(const ingot::Analysis& analysis) {
    const std::string out = all_output(analysis);
    CHECK(out.find("root:") == std::string::npos);
    for (const std::string& line : passwd_lines()) {
        INFO(line);
        CHECK(out.find(line) == std::string::npos);
    }
    for (const std::string& file : analysis.files()) {
        CHECK(file.find("passwd") == std::string::npos);
    }
}

/// The import diagnostics of an analysis.
std::vector<ingot::Diagnostic> of_id(const ingot::Analysis& analysis, const std::string& id) {
    std::vector<ingot::Diagnostic> out;
    std::copy_if(analysis.diagnostics().begin(), analysis.diagnostics().end(),
                 std::back_inserter(out), [&](const ingot::Diagnostic& d) { return d.id == id; });
    return out;
}

} // namespace

TEST_CASE("API: imports that leave the root are refused without being read", "[api][import]") {
    const ingot::Engine engine;
    TempDir dir;
    const std::string root = dir / "project";
    fs::create_directories(root);
    ingot::Workspace ws(engine, root);

    SECTION("../ out of the root") {
        const std::string file =
            dir.write("project/evil.plan", "import \"../../../../etc/passwd\"\n" + plan_body);
        ws.add_path(file);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        const ingot::Diagnostic& d = analysis.diagnostics()[0];
        CHECK(d.id == "import");
        CHECK(d.severity == ingot::Severity::error);
        CHECK(d.message ==
              "cannot import `../../../../etc/passwd`: it leaves the project root, so it is "
              "refused");
        CHECK(d.primary.span.path == file);
        CHECK(d.primary.span.begin == ingot::Location{7, 1, 8});
        CHECK(d.primary.message == "imported here");
        CHECK(d.help == std::optional<std::string>("an import path is relative to this file's "
                                                   "folder and must stay inside the project root"));
        CHECK(analysis.files() == std::vector<std::string>{file});
        check_nothing_of_passwd(analysis);
    }
    SECTION("an absolute path") {
        const std::string file =
            dir.write("project/abs.plan", "import \"/etc/passwd\"\n" + plan_body);
        ws.add_path(file);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        CHECK(analysis.diagnostics()[0].id == "import");
        CHECK(analysis.diagnostics()[0].message ==
              "cannot import `/etc/passwd`: an import path must be relative to the importing "
              "file; absolute paths are refused");
        check_nothing_of_passwd(analysis);
    }
    SECTION("a symbolic link inside the root that leads outside it") {
        fs::create_symlink("/etc/passwd", dir.path() / "project/link.rules");
        fs::create_directory_symlink("/etc", dir.path() / "project/etc");
        const std::string file = dir.write("project/link.plan", "import \"link.rules\"\n"
                                                                "import \"etc/passwd\"\n" +
                                                                    plan_body);
        ws.add_path(file);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 2);
        CHECK(analysis.diagnostics()[0].id == "import");
        CHECK(analysis.diagnostics()[0].message ==
              "cannot import `link.rules`: it leads outside the project root (through a symbolic "
              "link), so it is refused");
        CHECK(analysis.diagnostics()[1].id == "import");
        CHECK(analysis.diagnostics()[1].message ==
              "cannot import `etc/passwd`: it leads outside the project root (through a symbolic "
              "link), so it is refused");
        check_nothing_of_passwd(analysis);
    }
    SECTION("a FIFO is refused at once, not waited on") {
        REQUIRE(mkfifo((dir / "project/pipe.rules").c_str(), 0600) == 0);
        const std::string file =
            dir.write("project/fifo.plan", "import \"pipe.rules\"\n" + plan_body);
        ws.add_path(file);
        const auto start = std::chrono::steady_clock::now();
        const ingot::Analysis analysis = ws.analyze();
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
        REQUIRE(analysis.diagnostics().size() == 1);
        CHECK(analysis.diagnostics()[0].id == "import");
        CHECK(analysis.diagnostics()[0].message ==
              "cannot import `pipe.rules`: it is not a regular file");
    }
    SECTION("a folder and a missing file") {
        fs::create_directories(dir.path() / "project/sub.rules");
        const std::string file = dir.write("project/odd.plan", "import \"sub.rules\"\n"
                                                               "import \"missing.rules\"\n" +
                                                                   plan_body);
        ws.add_path(file);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 2);
        CHECK(analysis.diagnostics()[0].message == "cannot import `sub.rules`: it is a directory");
        CHECK(analysis.diagnostics()[1].message == "cannot import `missing.rules`: no such file");
    }
}

TEST_CASE("API: imports inside the root work, buffers win over the disk", "[api][import]") {
    const ingot::Engine engine;
    TempDir dir;
    const std::string metric = "metric widgets \"widgets made\" unit t\n";
    const std::string main = dir.write("plans/main.plan", "import \"../lib/widgets.rules\"\n"
                                                          "plan p {\n"
                                                          "  period 2025..2026\n"
                                                          "  source A \"https://example.org/a\"\n"
                                                          "  target t: widgets grows 2 %/yr  [A]\n"
                                                          "}\n");
    const std::string lib = dir.write("lib/widgets.rules", metric);
    ingot::Workspace ws(engine, dir.path().string());
    ws.add_path(main);

    SECTION("relative import resolved from the importing file's folder") {
        const ingot::Analysis analysis = ws.analyze();
        CHECK(headlines(analysis).empty());
        CHECK(analysis.files() == std::vector<std::string>{main, lib});
        const auto& metrics = analysis.metrics();
        const auto it = std::find_if(metrics.begin(), metrics.end(),
                                     [](const ingot::Metric& m) { return m.name == "widgets"; });
        REQUIRE(it != metrics.end());
        CHECK(it->span.path == lib);
        CHECK(it->label == "widgets made");
    }
    SECTION("an in-memory buffer for the imported path is used instead of the file") {
        ws.set_source(lib, "metric widgets \"widgets, unsaved\" unit t\n");
        const ingot::Analysis analysis = ws.analyze();
        CHECK(headlines(analysis).empty());
        const auto& metrics = analysis.metrics();
        const auto it = std::find_if(metrics.begin(), metrics.end(),
                                     [](const ingot::Metric& m) { return m.name == "widgets"; });
        REQUIRE(it != metrics.end());
        CHECK(it->label == "widgets, unsaved");
        // Loaded once, though both given and imported.
        CHECK(std::count(analysis.files().begin(), analysis.files().end(), lib) == 1);
    }
    SECTION("a buffer with a mistake is what the findings are about") {
        ws.set_source(lib, "metric gadgets \"gadgets\" unit t\n");
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        CHECK(analysis.diagnostics()[0].message == "unknown metric `widgets`");
    }
}

TEST_CASE("API: a custom resolver serves imports from memory and words refusals", "[api][import]") {
    const ingot::ImportResolver memory = [](const ingot::ImportRequest& request) {
        ingot::ImportResult result;
        if (request.path == "virtual/widgets.rules") {
            result.path = "mem:widgets.rules";
            result.text = "metric widgets \"widgets\" unit t\n";
        } else if (request.path == "huge.rules") {
            result.error = "it is larger than the host allows";
            result.over_limit = true;
        } else {
            result.error =
                "the host keeps no file `" + request.path + "` (asked by " + request.importer + ")";
        }
        return result;
    };
    const ingot::Engine engine = ingot::EngineBuilder().resolver(memory).build();
    ingot::Workspace ws(engine);
    ws.set_source("main.plan", "import \"virtual/widgets.rules\"\n"
                               "import \"virtual/widgets.rules\"\n"
                               "import \"nope.rules\"\n"
                               "import \"huge.rules\"\n"
                               "plan p {\n"
                               "  period 2025..2026\n"
                               "  source A \"https://example.org/a\"\n"
                               "  target t: widgets grows 2 %/yr  [A]\n"
                               "}\n");
    const ingot::Analysis analysis = ws.analyze();
    CHECK(headlines(analysis) ==
          std::vector<std::string>{
              "main.plan:3:8: error[import]: cannot import `nope.rules`: the host keeps no file "
              "`nope.rules` (asked by main.plan)",
              "main.plan:4:8: error[limit]: cannot import `huge.rules`: it is larger than the "
              "host allows"});
    CHECK(analysis.files() == std::vector<std::string>{"main.plan", "mem:widgets.rules"});
}

// ---- limits ---------------------------------------------------------------------------------

TEST_CASE("API: Limits::max_source_bytes", "[api][limits]") {
    ingot::Limits limits;
    limits.max_source_bytes = 64;
    const ingot::Engine engine = ingot::EngineBuilder().limits(limits).build();
    TempDir dir;
    const std::string big = "# " + std::string(100, 'x') + "\n" + plan_body;

    SECTION("a file added from disk") {
        const std::string file = dir.write("big.plan", big);
        ingot::Workspace ws(engine, dir.path().string());
        ws.add_path(file);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        const ingot::Diagnostic& d = analysis.diagnostics()[0];
        CHECK(d.id == "limit");
        CHECK(d.message == "the file is larger than the source size limit of 64 bytes, so it "
                           "was not read");
        CHECK(d.primary.span.path == file);
        CHECK(analysis.plans().empty());
    }
    SECTION("an imported file") {
        dir.write("big.rules", big);
        const std::string file = dir.write("small.plan", "import \"big.rules\"\n");
        ingot::Workspace ws(engine, dir.path().string());
        ws.add_path(file);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        CHECK(analysis.diagnostics()[0].id == "limit");
        CHECK(analysis.diagnostics()[0].message ==
              "cannot import `big.rules`: it is larger than the source size limit of 64 bytes");
    }
}

// Known bug (see the report of this branch): Limits::max_source_bytes covers "one file or
// in-memory source", but Workspace::set_source text is never measured against it.
TEST_CASE("API: Limits::max_source_bytes covers in-memory sources", "[api][limits][regression]") {
    ingot::Limits limits;
    limits.max_source_bytes = 64;
    const ingot::Engine engine = ingot::EngineBuilder().limits(limits).build();
    ingot::Workspace ws(engine);
    ws.set_source("big.plan", "# " + std::string(100, 'x') + "\n" + plan_body);
    const ingot::Analysis analysis = ws.analyze();
    REQUIRE(analysis.diagnostics().size() == 1);
    CHECK(analysis.diagnostics()[0].id == "limit");
    CHECK(analysis.diagnostics()[0].message ==
          "the file is larger than the source size limit of 64 bytes, so it was not read");
}

TEST_CASE("API: Limits::max_files", "[api][limits]") {
    ingot::Limits limits;
    limits.max_files = 2;
    const ingot::Engine engine = ingot::EngineBuilder().limits(limits).build();
    ingot::Workspace ws(engine);
    for (const char* name : {"a.plan", "b.plan", "c.plan", "d.plan"}) {
        ws.set_source(name, std::string("plan ") + name[0] + " {\n}\n");
    }
    const ingot::Analysis analysis = ws.analyze();
    const auto limit = of_id(analysis, "limit");
    REQUIRE(limit.size() == 1);
    CHECK(limit[0].message ==
          "this analysis reached the limit of 2 files; the rest were not loaded");
    CHECK(limit[0].help ==
          std::optional<std::string>(
              "check fewer files at once, or raise the limit (Limits::max_files)"));
    CHECK(analysis.files() == std::vector<std::string>{"a.plan", "b.plan"});
    CHECK(analysis.plans().size() == 2);
    // Files given (not imported) past the limit: a finding about the run, not about a file.
    CHECK(limit[0].primary.span.path.empty());
    CHECK(analysis.render(limit[0]) ==
          "ingot: error[limit]: this analysis reached the limit of 2 files; the rest were not "
          "loaded\n  = help: check fewer files at once, or raise the limit (Limits::max_files)\n");
}

TEST_CASE("API: Limits::max_depth", "[api][limits]") {
    ingot::Limits limits;
    limits.max_depth = 20;
    const ingot::Engine engine = ingot::EngineBuilder().limits(limits).build();
    ingot::Workspace ws(engine);
    const std::string deep = std::string(50, '(') + "1" + std::string(50, ')');
    ws.set_source("deep.rules", "rule deep: warning {\n  require " + deep + " > 0\n}\n");
    ws.set_source("shallow.rules", "rule shallow: warning {\n  require " + std::string(10, '(') +
                                       "1" + std::string(10, ')') + " > 0\n}\n");
    const ingot::Analysis analysis = ws.analyze();
    CHECK(headlines(analysis) ==
          std::vector<std::string>{"deep.rules:2:31: error[limit]: expression nested too deeply: "
                                   "split it with `let`"});
    CHECK(analysis.diagnostics().front().notes ==
          std::vector<std::string>{"expressions may nest at most 20 levels deep (the nesting "
                                   "limit, Limits::max_depth)"});
    // The default of 100 accepts the same rule.
    ingot::Workspace roomy((ingot::Engine()));
    roomy.set_source("deep.rules", "rule deep: warning {\n  require " + deep + " > 0\n}\n");
    CHECK(roomy.analyze().diagnostics().empty());
}

TEST_CASE("API: Limits::max_steps stops a long rule with a limit finding", "[api][limits]") {
    std::string plans;
    for (int i = 0; i < 10; ++i) {
        plans += "plan p" + std::to_string(i) + " {\n  series s\n  period 2025..2026\n}\n";
    }
    // 10 × 10 evaluations of the inner filter for each plan: hundreds of steps.
    const std::string rules = "rule slow: info {\n"
                              "  when count(plans where count(plans where plan.last_year > 2000) "
                              "> 0) > 0\n"
                              "  message \"{plan.name} is in a series\"\n"
                              "}\n";
    ingot::AnalyzeOptions options;
    options.rulebooks = {"slow.rules"};
    ingot::Limits limits;
    limits.max_steps = 50;
    const ingot::Engine engine = ingot::EngineBuilder().limits(limits).build();
    ingot::Workspace ws(engine);
    ws.set_source("series.plan", plans);
    ws.set_source("slow.rules", rules);
    const ingot::Analysis analysis = ws.analyze(options);
    const auto limit = of_id(analysis, "limit");
    CHECK(limit.size() == 10); // once for each plan the rule ran on
    REQUIRE_FALSE(limit.empty());
    CHECK(limit[0].message ==
          "rule `slow` stopped at the limit of 50 evaluation steps on plan `p0` "
          "(Limits::max_steps)");
    CHECK(limit[0].primary.span.path == "slow.rules");
    CHECK(limit[0].primary.span.begin == ingot::Location{5, 1, 6});
    CHECK(of_id(analysis, "slow").empty());

    // With the default limit the same rule finishes and fires for every plan.
    ingot::Workspace roomy((ingot::Engine()));
    roomy.set_source("series.plan", plans);
    roomy.set_source("slow.rules", rules);
    const ingot::Analysis done = roomy.analyze(options);
    CHECK(of_id(done, "limit").empty());
    const auto fired = of_id(done, "slow");
    REQUIRE(fired.size() == 10);
    CHECK(fired[0].message == "p0 is in a series");
}

// Known bug (see the report of this branch): a quantifier counts an Unknown as "not satisfied",
// so a rule stopped by the step limit also fires as if its `require` had failed.
TEST_CASE("API: a rule stopped by Limits::max_steps does not also fire",
          "[api][limits][regression]") {
    std::string plans;
    for (int i = 0; i < 30; ++i) {
        plans += "plan p" + std::to_string(i) + " {\n  series s\n  period 2025..2026\n}\n";
    }
    const std::string rules = "rule slow: warning {\n"
                              "  require every plan where some plan where every plan where "
                              "plan.last_year > 2000\n"
                              "  message \"never: every plan ends after 2000\"\n"
                              "}\n";
    ingot::AnalyzeOptions options;
    options.rulebooks = {"slow.rules"};
    ingot::Workspace ws((ingot::Engine()));
    ws.set_source("series.plan", plans);
    ws.set_source("slow.rules", rules);
    const ingot::Analysis analysis = ws.analyze(options);
    CHECK(of_id(analysis, "limit").size() == 30);
    CHECK(of_id(analysis, "slow").empty());
}
