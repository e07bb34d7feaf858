// `ingot fmt -` (standard input) and `ingot fmt --diff`: exactly what goes to stdout and stderr.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

const std::string messy = "plan   p{\n# kept\ntitle \"x\"   [A]\nsource A \"u\"\n}\n";
const std::string canonical = "plan p {\n  # kept\n  title \"x\"  [A]\n  source A \"u\"\n}\n";
const std::string broken = "plan p {\n  title \"x\n}\n";

/// The output of a shell command run in `dir`, and its exit code.
test::RunResult run_shell(const std::string& command, const fs::path& dir) {
    test::TempDir out;
    const std::string line = "cd '" + dir.string() + "' && (" + command + ") >'" +
                             (out.path() / "out").string() + "' 2>'" +
                             (out.path() / "err").string() + "'";
    const int status = std::system(line.c_str());
    test::RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = test::read_text(out.path() / "out");
    r.err = test::read_text(out.path() / "err");
    return r;
}

} // namespace

TEST_CASE("ingot fmt - writes only the formatted text to stdout", "[cli][fmt]") {
    test::TempDir dir;
    SECTION("formatted text on stdout, nothing on stderr") {
        const auto r = test::run_ingot("fmt -", dir.path(), messy);
        CHECK(r.exit_code == 0);
        CHECK(r.out == canonical);
        CHECK(r.err.empty());
    }
    SECTION("a syntax error: the input unchanged on stdout, the diagnostics on stderr, exit 1") {
        const auto r = test::run_ingot("fmt -", dir.path(), broken);
        CHECK(r.exit_code == 1);
        CHECK(r.out == broken);
        CHECK(r.err == "<stdin>:2:11: error[syntax]: unterminated string: add the closing `\"` "
                       "before the end of the line\n"
                       "  |\n"
                       "2 |   title \"x\n"
                       "  |           ^\n"
                       "<stdin>: not formatted: fix the syntax errors first\n");
    }
    SECTION("--stdin-filename names the buffer in diagnostics") {
        const auto r = test::run_ingot("fmt --stdin-filename plans/a.plan -", dir.path(), broken);
        CHECK(r.exit_code == 1);
        CHECK(r.out == broken);
        CHECK(r.err.rfind("plans/a.plan:2:11: error[syntax]: unterminated string: add the closing ",
                          0) == 0);
        CHECK(r.err.find("plans/a.plan: not formatted: fix the syntax errors first\n") !=
              std::string::npos);
    }
    SECTION("--stdin-filename without `-` is a usage error") {
        dir.write("a.plan", canonical);
        const auto r = test::run_ingot("fmt --stdin-filename a.plan a.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "ingot: error: --stdin-filename names standard input; use it with `-` as "
                       "the only PATH\n");
    }
    SECTION("--check -: only `would reformat`, exit 1; nothing when formatted") {
        const auto r = test::run_ingot("fmt --check -", dir.path(), messy);
        CHECK(r.exit_code == 1);
        CHECK(r.out == "would reformat: <stdin>\n");
        CHECK(r.err.empty());
        const auto clean = test::run_ingot("fmt --check -", dir.path(), canonical);
        CHECK(clean.exit_code == 0);
        CHECK(clean.out.empty());
    }
    SECTION("a pipe keeps the file whether or not it parses") {
        dir.write("broken.plan", broken);
        dir.write("messy.plan", messy);
        const std::string ingot = "'" INGOT_BINARY "'";
        CHECK(run_shell(ingot + " fmt - <broken.plan >out.plan", dir.path()).exit_code == 1);
        CHECK(test::read_text(dir.path() / "out.plan") == broken);
        CHECK(run_shell(ingot + " fmt - <messy.plan >out.plan", dir.path()).exit_code == 0);
        CHECK(test::read_text(dir.path() / "out.plan") == canonical);
    }
}

TEST_CASE("ingot fmt --diff prints a unified diff and changes nothing", "[cli][fmt]") {
    test::TempDir dir;
    SECTION("one file: the diff on stdout, the summary on stderr, exit 1") {
        const auto file = dir.write("messy.plan", messy);
        dir.write("tidy.plan", canonical);
        const auto r = test::run_ingot("fmt --diff .", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == "--- a/messy.plan\n"
                       "+++ b/messy.plan\n"
                       "@@ -1,5 +1,5 @@\n"
                       "-plan   p{\n"
                       "-# kept\n"
                       "-title \"x\"   [A]\n"
                       "-source A \"u\"\n"
                       "+plan p {\n"
                       "+  # kept\n"
                       "+  title \"x\"  [A]\n"
                       "+  source A \"u\"\n"
                       " }\n");
        CHECK(r.err == "1 file would be reformatted, 1 already formatted\n");
        CHECK(test::read_text(file) == messy);
    }
    SECTION("nothing to change: no diff, exit 0") {
        dir.write("tidy.plan", canonical);
        const auto r = test::run_ingot("fmt --diff tidy.plan", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out.empty());
        CHECK(r.err == "0 files would be reformatted, 1 already formatted\n");
    }
    SECTION("3 lines of context; changes 7 lines apart get hunks of their own") {
        // Lines 2 and 10 are out of layout; 7 formatted lines lie between them.
        std::string before = "plan p {\n   period 2025..2026\n";
        std::string after = "plan p {\n  period 2025..2026\n";
        for (const char* name : {"A", "B", "C", "D", "E", "F", "G"}) {
            const std::string line = std::string("  source ") + name + " \"u\"\n";
            before += line;
            after += line;
        }
        before += "  title   \"t\"  [A]\n}\n";
        after += "  title \"t\"  [A]\n}\n";
        dir.write("p.plan", before);
        REQUIRE(test::run_ingot("fmt -", dir.path(), before).out == after);
        const auto r = test::run_ingot("fmt --diff p.plan", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == "--- a/p.plan\n"
                       "+++ b/p.plan\n"
                       "@@ -1,5 +1,5 @@\n"
                       " plan p {\n"
                       "-   period 2025..2026\n"
                       "+  period 2025..2026\n"
                       "   source A \"u\"\n"
                       "   source B \"u\"\n"
                       "   source C \"u\"\n"
                       "@@ -7,5 +7,5 @@\n"
                       "   source E \"u\"\n"
                       "   source F \"u\"\n"
                       "   source G \"u\"\n"
                       "-  title   \"t\"  [A]\n"
                       "+  title \"t\"  [A]\n"
                       " }\n");
    }
    SECTION("the same as diff -u, whose hunks merge changes up to 6 lines apart") {
        if (std::system("command -v diff >/dev/null") != 0) {
            WARN("diff is not installed: not compared with diff -u");
            return;
        }
        for (const int between : {1, 5, 6, 7, 8}) {
            INFO(between << " lines between the changes");
            std::string before = "plan p {\n   period 2025..2026\n";
            for (int i = 0; i < between; ++i) {
                before += "  source S" + std::to_string(i) + " \"u\"\n";
            }
            before += "  title   \"t\"  [A]\n}"; // and no newline at the end
            dir.write("p.plan", before);
            dir.write("formatted.plan", test::run_ingot("fmt -", dir.path(), before).out);
            const auto ours = test::run_ingot("fmt --diff p.plan", dir.path());
            const auto theirs = run_shell(
                "diff -u --label a/p.plan --label b/p.plan p.plan formatted.plan", dir.path());
            CHECK(ours.exit_code == 1);
            CHECK(theirs.exit_code == 1);
            CHECK(ours.out == theirs.out);
        }
    }
    SECTION("a missing newline at the end is shown as diff -u shows it") {
        dir.write("p.plan", "plan p {\n}");
        const auto r = test::run_ingot("fmt --diff p.plan", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == "--- a/p.plan\n"
                       "+++ b/p.plan\n"
                       "@@ -1,2 +1,2 @@\n"
                       " plan p {\n"
                       "-}\n"
                       "\\ No newline at end of file\n"
                       "+}\n");
    }
    SECTION("- : standard input, named by --stdin-filename") {
        const auto r = test::run_ingot("fmt --diff -", dir.path(), messy);
        CHECK(r.exit_code == 1);
        CHECK(r.out.rfind("--- a/<stdin>\n+++ b/<stdin>\n@@ -1,5 +1,5 @@\n-plan   p{\n", 0) == 0);
        CHECK(r.err.empty());
        const auto named =
            test::run_ingot("fmt --diff --stdin-filename plans/p.plan -", dir.path(), messy);
        CHECK(named.out.rfind("--- a/plans/p.plan\n+++ b/plans/p.plan\n", 0) == 0);
        const auto clean = test::run_ingot("fmt --diff -", dir.path(), canonical);
        CHECK(clean.exit_code == 0);
        CHECK(clean.out.empty());
    }
    SECTION("git apply takes the diff, and the result is what fmt writes") {
        if (std::system("command -v git >/dev/null") != 0) {
            WARN("git is not installed: git apply not tried");
            return;
        }
        const auto file = dir.write("messy.plan", messy);
        const auto r = run_shell("'" INGOT_BINARY "' fmt --diff . | git apply -", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.err == "1 file would be reformatted, 0 already formatted\n");
        CHECK(test::read_text(file) == canonical);
    }
    SECTION("syntax errors go to stderr, and the others' diffs still to stdout") {
        dir.write("a.plan", broken);
        dir.write("b.plan", messy);
        const auto r = test::run_ingot("fmt --diff .", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out.rfind("--- a/b.plan\n", 0) == 0);
        CHECK(r.err.rfind("a.plan:2:11: error[syntax]: unterminated string: add the closing ", 0) ==
              0);
        CHECK(r.err.find("a.plan: not formatted: fix the syntax errors first\n"
                         "1 file would be reformatted, 0 already formatted\n") !=
              std::string::npos);
    }
    SECTION("--color always colours the diff as git does") {
        dir.write("p.plan", "plan p {\n}");
        const auto r = test::run_ingot("fmt --diff --color always p.plan", dir.path());
        CHECK(r.out == "\x1b[1m--- a/p.plan\x1b[0m\n"
                       "\x1b[1m+++ b/p.plan\x1b[0m\n"
                       "\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n"
                       " plan p {\n"
                       "\x1b[31m-}\x1b[0m\n"
                       "\\ No newline at end of file\n"
                       "\x1b[32m+}\x1b[0m\n");
    }
    SECTION("--diff and --check together are a usage error") {
        const auto r = test::run_ingot("fmt --diff --check .", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("--check excludes --diff") != std::string::npos);
    }
}

TEST_CASE("ingot fmt never loses a byte", "[cli][fmt]") {
    test::TempDir dir;
    const auto no_temporary_files = [&] {
        std::size_t entries = 0;
        for ([[maybe_unused]] const auto& entry : fs::recursive_directory_iterator(dir.path())) {
            ++entries;
        }
        return entries;
    };
    SECTION("a read-only file is left as it is, exit 2") {
        const std::string file = dir.write("a.plan", messy);
        fs::permissions(file, fs::perms::owner_read | fs::perms::group_read);
        const auto r = test::run_ingot("fmt a.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out == "0 files reformatted, 0 already formatted, 1 not written\n");
        CHECK(r.err == "ingot: error: `a.plan` is read-only (its owner has no write permission); "
                       "it is left unchanged\n");
        CHECK(test::read_text(file) == messy);
        CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::group_read));
        // Already formatted, a read-only file needs no write: nothing to report.
        dir.write("b.plan", canonical);
        fs::permissions(dir.path() / "b.plan", fs::perms::owner_read);
        const auto clean = test::run_ingot("fmt b.plan", dir.path());
        CHECK(clean.exit_code == 0);
        CHECK(clean.out == "0 files reformatted, 1 already formatted\n");
    }
    SECTION("the other files are still formatted, and the mode bits kept") {
        dir.write("a.plan", messy);
        fs::permissions(dir.path() / "a.plan", fs::perms::owner_read);
        const std::string other = dir.write("b.plan", messy);
        fs::permissions(other,
                        fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
        const auto r = test::run_ingot("fmt .", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out == "1 file reformatted, 0 already formatted, 1 not written\n");
        CHECK(test::read_text(other) == canonical);
        CHECK(fs::status(other).permissions() ==
              (fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read));
        CHECK(no_temporary_files() == 2);
    }
    SECTION("a symbolic link stays a link; the file it points to is formatted") {
        const std::string target = dir.write("real/a.plan", messy);
        fs::create_symlink("real/a.plan", dir.path() / "link.plan");
        const auto r = test::run_ingot("fmt link.plan", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out == "1 file reformatted, 0 already formatted\n");
        CHECK(r.err.empty());
        CHECK(fs::is_symlink(dir.path() / "link.plan"));
        CHECK(fs::read_symlink(dir.path() / "link.plan") == "real/a.plan");
        CHECK(test::read_text(target) == canonical);
    }
    SECTION("a byte order mark and CRLF line ends stay") {
        const std::string bom = "\xEF\xBB\xBF";
        const auto crlf = [](std::string text) {
            for (std::size_t i = text.find('\n'); i != std::string::npos;
                 i = text.find('\n', i + 2)) {
                text.insert(i, "\r");
            }
            return text;
        };
        const std::string file = dir.write("a.plan", bom + crlf(messy));
        const auto r = test::run_ingot("fmt a.plan", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out == "1 file reformatted, 0 already formatted\n");
        CHECK(test::read_text(file) == bom + crlf(canonical));
        const auto again = test::run_ingot("fmt --check a.plan", dir.path());
        CHECK(again.exit_code == 0);
        CHECK(again.out == "0 files would be reformatted, 1 already formatted\n");
        const auto piped = test::run_ingot("fmt -", dir.path(), bom + crlf(messy));
        CHECK(piped.out == bom + crlf(canonical));
    }
    SECTION("a failed write is reported and counted as such, exit 2") {
        // A file-size limit of 512 bytes (ulimit -f counts 512-byte blocks in sh) makes write()
        // fail with EFBIG once SIGXFSZ is ignored: a real failure of the write, even as root.
        std::string big = "plan p {\n";
        for (int i = 0; i < 40; ++i) {
            big += "note    \"a note long enough\"\n";
        }
        big += "}\n";
        const std::string file = dir.write("big.plan", big);
        const auto r =
            run_shell("trap '' XFSZ; ulimit -f 1; '" INGOT_BINARY "' fmt big.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out == "0 files reformatted, 0 already formatted, 1 not written\n");
        CHECK(r.err == "ingot: error: cannot write `big.plan`: File too large; it is left "
                       "unchanged\n");
        CHECK(test::read_text(file) == big);
        CHECK(no_temporary_files() == 1);
    }
    SECTION("fmt - into a full disk is an error, exit 2") {
        dir.write("a.plan", messy);
        const auto r = run_shell("'" INGOT_BINARY "' fmt - <a.plan >/dev/full", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: cannot write to standard output: No space left on device\n");
    }
    SECTION("the comments of the issue survive, and a second run changes nothing") {
        const std::string rule = dir.write("r.rules", "rule r: info {\n  message\n\"{1#\n}\"\n}\n");
        const std::string metric = dir.write("m.rules", "metric message \"{#\" unit t\n");
        const auto r = test::run_ingot("fmt .", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out == "1 file reformatted, 1 already formatted\n");
        CHECK(test::read_text(rule) == "rule r: info {\n  #\n  message \"{1}\"\n}\n");
        CHECK(test::read_text(metric) == "metric message \"{#\" unit t\n");
        const auto again = test::run_ingot("fmt .", dir.path());
        CHECK(again.out == "0 files reformatted, 2 already formatted\n");
    }
}
