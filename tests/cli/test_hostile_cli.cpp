// Hostile input, end to end through the `ingot` program: what a plan file in a pull request can
// make `ingot check` print, read, compute or wait for. Each case names its expected message and
// exit code (docs/reliability.md lists the guarantees these tests hold the program to).
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

const std::string cited_plan_body = R"(plan p {
  period 2025..2026
  source A "https://example.org/a"
  target t: output grows 1 %/yr  [A]
}
)";

/// Whether any line of `text` starts with `prefix`.
bool some_line_starts_with(const std::string& text, const std::string& prefix) {
    std::size_t at = 0;
    while (at <= text.size()) {
        if (text.compare(at, prefix.size(), prefix) == 0) {
            return true;
        }
        const std::size_t next = text.find('\n', at);
        if (next == std::string::npos) {
            break;
        }
        at = next + 1;
    }
    return false;
}

bool has_control_bytes(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return (b < 0x20 && b != '\n') || b == 0x7F;
    });
}

} // namespace

TEST_CASE("hostile: an import of /proc/self/environ prints no part of the environment",
          "[cli][hostile]") {
    test::TempDir dir;
    dir.write("env.plan", "import \"/proc/self/environ\"\n" + cited_plan_body);
    fs::create_symlink("/proc/self/environ", dir.path() / "environ.rules");
    dir.write("link.plan", "import \"environ.rules\"\n" + cited_plan_body);
    const std::string secret = "s3cr3t-token-7f2a9c";
    ::setenv("INGOT_TEST_SECRET", secret.c_str(), 1);
    const auto r = test::run_ingot("check --format text env.plan link.plan", dir.path());
    ::unsetenv("INGOT_TEST_SECRET");
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(secret) == std::string::npos);
    CHECK(r.err.find(secret) == std::string::npos);
    CHECK(r.out.find("INGOT_TEST_SECRET") == std::string::npos);
    CHECK(r.out.find("env.plan:1:8: error[import]: cannot import `/proc/self/environ`: an import "
                     "path must be relative to the importing file; absolute paths are refused\n") !=
          std::string::npos);
    CHECK(r.out.find("link.plan:1:8: error[import]: cannot import `environ.rules`: it leads "
                     "outside the project root (through a symbolic link), so it is refused\n") !=
          std::string::npos);
}

TEST_CASE("hostile: devices and FIFOs are refused at once, never read or waited on",
          "[cli][hostile]") {
    test::TempDir dir;
    REQUIRE(mkfifo((dir.path() / "pipe.rules").c_str(), 0600) == 0);
    dir.write("fifo.plan", "import \"pipe.rules\"\n" + cited_plan_body);

    SECTION("an imported FIFO") {
        const auto r = test::run_ingot("check fifo.plan", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out.rfind("fifo.plan:1:8: error[import]: cannot import `pipe.rules`: it is not a "
                          "regular file\n",
                          0) == 0);
    }
    SECTION("a FIFO and /dev/zero given on the command line") {
        for (const std::string path : {"pipe.rules", "/dev/zero"}) {
            const auto r = test::run_ingot("check " + path, dir.path());
            INFO(path);
            CHECK(r.exit_code == 2);
            CHECK(r.err ==
                  fmt::format("ingot: error: cannot read `{}`: it is not a regular file\n", path));
        }
    }
}

TEST_CASE("hostile: text from a checked file cannot start a line of output or reach the terminal",
          "[cli][hostile]") {
    test::TempDir dir;
    // A file name with a line break and a workflow command, an import path with escapes that
    // decode to a line break and ESC, and a rule whose message holds ESC and a line break.
    dir.write("bad\n::error::name.plan", cited_plan_body);
    dir.write("imports.plan",
              "import \"x\\n::add-mask::y\\u{1b}[2J\\u{9b}31m\"\n" + cited_plan_body);
    dir.write("msg.rules", "rule loud: warning {\n"
                           "  when true\n"
                           "  message \"line\\n::error::injected \\u{1b}[31mred\\u{202e}\"\n"
                           "}\n");
    for (const std::string format : {"text", "compact"}) {
        const auto r = test::run_ingot(
            "check --color never --format " + format + " --rules msg.rules .", dir.path());
        INFO(format << "\n" << r.out << r.err);
        CHECK(r.exit_code == 1);
        CHECK_FALSE(some_line_starts_with(r.out, "::"));
        CHECK_FALSE(has_control_bytes(r.out));
        CHECK_FALSE(has_control_bytes(r.err));
        CHECK(r.out.find("\xc2\x9b") == std::string::npos);     // C1 CSI
        CHECK(r.out.find("\xe2\x80\xae") == std::string::npos); // right-to-left override
        CHECK(r.out.find("cannot import `x\\n::add-mask::y\\u{1B}[2J\\u{9B}31m`: no such file") !=
              std::string::npos);
        CHECK(r.out.find("bad\\n::error::name.plan:") != std::string::npos);
        CHECK(r.out.find("line\\n::error::injected \\u{1B}[31mred\\u{202E}") != std::string::npos);
    }
    SECTION("the source line quoted under a finding is escaped, and the caret still lines up") {
        // Raw control bytes in a string: the caret under `b` moves by the width of the escape.
        dir.write("quoted.plan", "import \"a\x1b\x07\" import \"b\"  # \x1b[2J\n");
        const auto r = test::run_ingot("check --color never quoted.plan", dir.path());
        INFO(r.out);
        CHECK_FALSE(has_control_bytes(r.out));
        CHECK(r.out.find("1 | import \"a\\u{1B}\\u{7}\" import \"b\"  # \\u{1B}[2J\n  |" +
                         std::string(30, ' ') + "^^^ imported here\n") != std::string::npos);
    }
}

TEST_CASE("hostile: a period of thousands of years is a limit, not hours of work",
          "[cli][hostile][limits]") {
    test::TempDir dir;
    std::string plan;
    for (int i = 0; i < 64; ++i) {
        plan += fmt::format("metric m{} unit t\n", i);
    }
    plan += "plan long {\n  period 0001..9999\n";
    for (int i = 0; i < 64; ++i) {
        plan += fmt::format("  baseline m{} 0000 = 1 t\n  target t{}: m{} grows 1 %/yr\n", i, i, i);
    }
    plan += "}\n";
    dir.write("long.plan", plan);
    const auto r = test::run_ingot("check --isolated --select limit long.plan", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.out.rfind("long.plan:66:10: error[limit]: the period `0001..9999` of plan `long` spans "
                      "9999 years, more than the limit of 100: nothing is derived for it\n",
                      0) == 0);
    CHECK(r.out.find("= note: a plan's period may span at most 100 years (the period limit, "
                     "Limits::max_period_years)\n") != std::string::npos);
}

TEST_CASE("hostile: numbers out of range are number-range findings, never inf or NaN",
          "[cli][hostile][numbers]") {
    test::TempDir dir;
    dir.write("big.plan", R"(plan big {
  period 2025..2026
  source A "https://example.org/a"
  scope metals of 99999999999999999999999 { copper }  [A]
  baseline output(metals) 2024 = 1e308 Mt  [A]
  target a: output(metals) reaches > 1e308 Mt by 2026  [A]
  baseline value_added 2024 = 1e-400 bn CNY  [A]
  target b: value_added grows 1e999 %/yr  [A]
}
)");
    const auto r = test::run_ingot("check --isolated big.plan", dir.path());
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("∞") == std::string::npos);
    CHECK(r.out.find("NaN") == std::string::npos);
    CHECK(r.out.find("nan") == std::string::npos);
    CHECK(r.out.find("error[contradiction]") == std::string::npos);
    CHECK(r.out.find("big.plan:4:19: error[number-range]: a scope of `99999999999999999999999` "
                     "items is too large a count: at most 1000000000 is read as a number of "
                     "items\n") != std::string::npos);
    CHECK(r.out.find("big.plan:5:3: error[number-range]: `1e308 Mt` is too large to compute "
                     "with: in base units it is beyond the largest number, about 1.8e308\n") !=
          std::string::npos);
    CHECK(r.out.find("big.plan:6:3: error[number-range]: `> 1e308 Mt` is too large to compute "
                     "with: in base units it is beyond the largest number, about 1.8e308\n") !=
          std::string::npos);
    CHECK(r.out.find("big.plan:7:31: error[number-range]: `1e-400` is too small a number: the "
                     "smallest is about 2.2e-308\n") != std::string::npos);
    CHECK(r.out.find("big.plan:8:31: error[number-range]: `1e999` is too large a number: the "
                     "largest is about 1.8e308\n") != std::string::npos);
}

TEST_CASE("hostile: a rule that divides by zero is a finding at the division",
          "[cli][hostile][numbers]") {
    test::TempDir dir;
    dir.write("p.plan", cited_plan_body);
    dir.write("div.rules", "rule ratio: warning {\n"
                           "  let zero = 0 %/yr\n"
                           "  when growth(output) / zero > 1\n"
                           "  message \"never\"\n"
                           "}\n");
    const auto r = test::run_ingot("check --isolated --rules div.rules p.plan", dir.path());
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.rfind("div.rules:3:8: error[number-range]: rule `ratio` divides by zero on plan "
                      "`p`, so its value there is unknown\n",
                      0) == 0);
    CHECK(r.out.find("warning[ratio]") == std::string::npos);

    SECTION("eval: 1/0 and 0/0 have no value, exit 1") {
        for (const std::string expr : {"1/0", "0/0"}) {
            const auto e = test::run_ingot("eval p.plan '" + expr + "'", dir.path());
            INFO(expr << "\n" << e.out << e.err);
            CHECK(e.exit_code == 1);
            CHECK(e.out.find("∞") == std::string::npos);
            CHECK(e.out.find("NaN") == std::string::npos);
            CHECK(e.out.find("divides by zero") != std::string::npos);
        }
    }
}

TEST_CASE("hostile: a folder that cannot be read is an error, not skipped", "[cli][hostile]") {
    test::TempDir dir;
    dir.write("ok.plan", cited_plan_body);
    dir.write("locked/hidden.plan", cited_plan_body);
    fs::permissions(dir.path(), fs::perms::all, fs::perm_options::add);
    fs::permissions(dir.path() / "locked", fs::perms::none);
    // Root reads every folder: run the program as `nobody` then, through util-linux's setpriv.
    std::string prefix;
    if (::geteuid() == 0) {
        if (std::system("command -v setpriv >/dev/null 2>&1") != 0) {
            fs::permissions(dir.path() / "locked", fs::perms::owner_all);
            WARN("running as root without setpriv: no folder is unreadable, case not run");
            return;
        }
        fs::permissions(dir.path().parent_path(), fs::perms::others_exec, fs::perm_options::add);
        prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    }
    const std::string command =
        fmt::format("cd '{}' && NO_COLOR=1 {}'{}' check --isolated . >out.txt 2>err.txt; echo $? "
                    ">rc.txt",
                    dir.path().string(), prefix, INGOT_BINARY);
    REQUIRE(std::system(command.c_str()) == 0);
    fs::permissions(dir.path() / "locked", fs::perms::owner_all);
    const std::string err = test::read_text(dir.path() / "err.txt");
    CHECK(test::read_text(dir.path() / "rc.txt") == "2\n");
    CHECK(err == "ingot: error: cannot read `./locked`: Permission denied\n");
}
