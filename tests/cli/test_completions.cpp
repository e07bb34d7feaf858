// `ingot completions SHELL`: the scripts are generated from the program's command tree, and the
// bash script completes as a user would see it (sourced into bash, its function called with
// COMP_WORDS and COMP_CWORD as bash's completion sets them). zsh and fish are checked by
// tests/cli/completions.sh when those shells are installed.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

/// Runs `script` with bash in `dir`; returns its exit code, stdout and stderr.
test::RunResult run_bash(const std::string& script, const fs::path& dir) {
    test::TempDir tmp;
    const std::string file = tmp.write("script.bash", script);
    const std::string line = "cd '" + dir.string() + "' && bash '" + file + "' >'" +
                             (tmp.path() / "out").string() + "' 2>'" +
                             (tmp.path() / "err").string() + "'";
    const int status = std::system(line.c_str());
    test::RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = test::read_text(tmp.path() / "out");
    r.err = test::read_text(tmp.path() / "err");
    return r;
}

/// A bash word, single-quoted.
std::string quoted(const std::string& word) {
    std::string out = "'";
    for (const char c : word) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/// What the bash completion offers for `words` with the cursor in the last one, one per line,
/// sorted: bash's completion sets COMP_WORDS and COMP_CWORD and calls the function.
class BashCompletion {
public:
    BashCompletion() {
        const auto r = test::run_ingot("completions bash");
        REQUIRE(r.exit_code == 0);
        script_ = dir_.write("ingot.bash", r.out);
        work_ = dir_.path() / "work";
        dir_.write("work/a.plan", "");
        dir_.write("work/b.rules", "");
        dir_.write("work/sub/c.plan", "");
    }

    std::string operator()(const std::vector<std::string>& words) const {
        std::string array;
        for (const std::string& w : words) {
            array += " " + quoted(w);
        }
        const auto r = run_bash(
            "source " + quoted(script_) + "\nCOMP_WORDS=(" + array +
                " )\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
                "\n_ingot\n((${#COMPREPLY[@]} == 0)) || printf '%s\\n' \"${COMPREPLY[@]}\" | "
                "LC_ALL=C sort\n",
            work_);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        return r.out;
    }

private:
    test::TempDir dir_;
    std::string script_;
    fs::path work_;
};

} // namespace

TEST_CASE("ingot completions prints a script for bash, zsh or fish, and refuses another shell",
          "[cli][completions]") {
    const auto bash = test::run_ingot("completions bash");
    CHECK(bash.exit_code == 0);
    CHECK(bash.err.empty());
    CHECK(bash.out.rfind("# bash completion for ingot 0.", 0) == 0);
    CHECK(bash.out.find("\ncomplete -F _ingot ingot\n") != std::string::npos);

    const auto zsh = test::run_ingot("completions zsh");
    CHECK(zsh.exit_code == 0);
    CHECK(zsh.out.rfind("#compdef ingot\n", 0) == 0);
    CHECK(zsh.out.find("'(--color)'--color'=[Colour the output]:color:(auto always never)'") !=
          std::string::npos);
    CHECK(zsh.out.find("'(--diff --check)'--diff'[Change nothing; print a unified diff of what "
                       "would change]'") != std::string::npos);

    const auto fish = test::run_ingot("completions fish");
    CHECK(fish.exit_code == 0);
    CHECK(fish.out.find("\ncomplete -c ingot -n '__fish_seen_subcommand_from check' -l fail-on -x "
                        "-a 'error warning info' -d 'Exit 1 when a finding is at least this "
                        "severe'\n") != std::string::npos);

    const auto other = test::run_ingot("completions tcsh");
    CHECK(other.exit_code == 2);
    CHECK(other.out.empty());
    CHECK(other.err.find("tcsh not in {bash,zsh,fish}") != std::string::npos);
}

TEST_CASE("the bash completion script is valid bash", "[cli][completions]") {
    test::TempDir dir;
    const auto file = dir.write("ingot.bash", test::run_ingot("completions bash").out);
    const auto r = run_bash("bash -n " + quoted(file) + " && echo ok", dir.path());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "ok\n");
    CHECK(r.err.empty());
}

TEST_CASE("bash completes commands, options, option values and paths", "[cli][completions]") {
    const BashCompletion complete;
    SECTION("commands, and the program's own options") {
        CHECK(complete({"ingot", "ch"}) == "check\n");
        CHECK(complete({"ingot", "r"}) == "report\nrule\nrules\n");
        CHECK(complete({"ingot", ""}) ==
              "check\ncompare\ncompletions\ndiff\neval\nexplain\nexport\n"
              "fmt\nlsp\nmetrics\nreport\nrule\nrules\ntest\n"
              "units\n");
        CHECK(complete({"ingot", "-"}) == "--help\n--version\n-V\n-h\n");
    }
    SECTION("a command's options") {
        CHECK(complete({"ingot", "check", "--co"}) == "--color\n--config\n");
        CHECK(complete({"ingot", "fmt", "--"}) ==
              "--check\n--color\n--diff\n--help\n--stdin-filename\n");
        CHECK(complete({"ingot", "check", "a.plan", "--fa"}) == "--fail-on\n");
        CHECK(complete({"ingot", "check", "--fi"}) == "--fix\n");
        CHECK(complete({"ingot", "check", "a.plan", "--d"}) == "--diff\n--digits\n");
        CHECK(complete({"ingot", "check", "-"}).find("\n--format\n") != std::string::npos);
    }
    SECTION("the values of an option checked against a set") {
        CHECK(complete({"ingot", "check", "--color", ""}) == "always\nauto\nnever\n");
        CHECK(complete({"ingot", "check", "--fail-on", "w"}) == "warning\n");
        // bash splits `--color=` at the `=`; with `=` not a word break, it is one word.
        CHECK(complete({"ingot", "check", "--color", "="}) == "always\nauto\nnever\n");
        CHECK(complete({"ingot", "check", "--color", "=", "n"}) == "never\n");
        CHECK(complete({"ingot", "eval", "--color=al"}) == "--color=always\n");
        CHECK(complete({"ingot", "completions", ""}) == "bash\nfish\nzsh\n");
        CHECK(complete({"ingot", "units", "--format", ""}) == "json\ntext\n");
        CHECK(complete({"ingot", "metrics", "--format", "j"}) == "json\n");
        CHECK(complete({"ingot", "diff", "--format", ""}) == "json\nmarkdown\ntext\n");
        // `check --format`'s set is the report formats the library has.
        CHECK(complete({"ingot", "check", "--format", "j"}) == "json\njunit\n");
        CHECK(complete({"ingot", "compare", "--format", ""}) ==
              "csv\nhtml\njson\nmarkdown\ntext\n");
        CHECK(complete({"ingot", "export", "--format", ""}) == "csv\njson\n");
    }
    SECTION("paths where a path goes, folders where a folder goes, nothing elsewhere") {
        CHECK(complete({"ingot", "check", ""}) == "a.plan\nb.rules\nsub\n");
        CHECK(complete({"ingot", "check", "--rules", "b"}) == "b.rules\n");
        CHECK(complete({"ingot", "check", "--color", "never", "s"}) == "sub\n");
        CHECK(complete({"ingot", "explain", "--root", ""}) == "sub\n");
        // A value that may be left out (`--write-baseline [PATH]`) is completed all the same.
        CHECK(complete({"ingot", "check", "--write-baseline", "a"}) == "a.plan\n");
        CHECK(complete({"ingot", "fmt", "--stdin-filename", "a"}) == "a.plan\n");
        // explain's first argument is PLAN.METRIC, the rest are paths.
        CHECK(complete({"ingot", "explain", ""}).empty());
        CHECK(complete({"ingot", "explain", "p.unit_value", "a"}) == "a.plan\n");
        // eval FILE EXPR: a file, then an expression, then nothing.
        CHECK(complete({"ingot", "eval", "a"}) == "a.plan\n");
        CHECK(complete({"ingot", "eval", "a.plan", ""}).empty());
        CHECK(complete({"ingot", "eval", "--digits", ""}).empty());
        CHECK(complete({"ingot", "rule", ""}).empty());
        // diff OLD NEW: two files.
        CHECK(complete({"ingot", "diff", "a"}) == "a.plan\n");
        CHECK(complete({"ingot", "diff", "a.plan", "s"}) == "sub\n");
        CHECK(complete({"ingot", "metrics", "a"}) == "a.plan\n");
        CHECK(complete({"ingot", "compare", "a"}) == "a.plan\n");
        CHECK(complete({"ingot", "compare", "-o", "b"}) == "b.rules\n");
        CHECK(complete({"ingot", "compare", "--metric", ""}).empty());
        CHECK(complete({"ingot", "export", "--digits", ""}).empty());
        // report: -o names a file, --title is free text, the rest are paths.
        CHECK(complete({"ingot", "report", "-o", "a"}) == "a.plan\n");
        CHECK(complete({"ingot", "report", "--title", ""}).empty());
        CHECK(complete({"ingot", "report", "-o", "r.html", "a"}) == "a.plan\n");
    }
    SECTION("after --, only paths") {
        CHECK(complete({"ingot", "check", "--", "--co"}).empty());
        CHECK(complete({"ingot", "check", "--", "a"}) == "a.plan\n");
    }
}

TEST_CASE("every option of every command is in the bash script", "[cli][completions]") {
    // The script is generated from the command tree, so each command's --help and the options
    // the script offers for it agree; this guards the generation, not a hand-kept list.
    const BashCompletion complete;
    for (const char* command : {"check", "fmt", "explain", "eval", "compare", "diff", "export",
                                "report", "rules", "rule", "test"}) {
        INFO(command);
        const std::string help = test::run_ingot(std::string(command) + " --help").out;
        std::string offered = complete({"ingot", command, "--"});
        std::size_t start = 0;
        while (start < offered.size()) {
            const std::size_t end = offered.find('\n', start);
            const std::string option = offered.substr(start, end - start);
            CHECK(help.find(option) != std::string::npos);
            start = end + 1;
        }
        for (std::size_t at = help.find("  --"); at != std::string::npos;
             at = help.find("  --", at + 1)) {
            const std::size_t end = help.find_first_of(" ,\n", at + 2);
            const std::string option = help.substr(at + 2, end - at - 2);
            CHECK(offered.find(option + "\n") != std::string::npos);
        }
    }
}
