// docs/tutorial.md, replayed: every file the reader creates is written, every command is run, and
// each command's output must be exactly what the tutorial shows.
//
// The tutorial marks what to replay with the info string of its fenced blocks:
//   ```ingot file=NAME   the whole content of file NAME; a later block with the same name replaces
//   it
//   ```console           `$ ingot ARGS` on the first line, then exactly what the command prints
// Other fenced blocks (```sh, plain ```) are prose and are skipped.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Block {
    enum class Kind { file, command } kind;
    int line = 0;         // 1-based line of the opening fence in the tutorial
    std::string argument; // the file name, or the arguments after `$ ingot `
    std::string text;     // the file's content, or the expected standard output
};

const std::string file_info = "ingot file=";
const std::string console_info = "console";
const std::string prompt = "$ ingot ";

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(line);
    }
    return lines;
}

/// Each line followed by a line break, as a file's content or a program's output ends.
std::string join_lines(std::vector<std::string>::const_iterator first,
                       std::vector<std::string>::const_iterator last) {
    std::string out;
    for (auto it = first; it != last; ++it) {
        out += *it;
        out += '\n';
    }
    return out;
}

/// The file and command blocks of the tutorial, in order. Throws on an unclosed fence, a console
/// block that does not start with `$ ingot `, or a file block without a name.
std::vector<Block> parse_tutorial(const std::string& markdown) {
    const auto lines = split_lines(markdown);
    std::vector<Block> blocks;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("```", 0) != 0) {
            continue;
        }
        const std::string info = lines[i].substr(3);
        std::size_t end = i + 1;
        while (end < lines.size() && lines[end] != "```") {
            ++end;
        }
        const int line = static_cast<int>(i) + 1;
        if (end == lines.size()) {
            throw std::runtime_error("docs/tutorial.md:" + std::to_string(line) +
                                     ": the fenced block is never closed");
        }
        const auto body = lines.begin() + static_cast<std::ptrdiff_t>(i) + 1;
        const auto body_end = lines.begin() + static_cast<std::ptrdiff_t>(end);
        if (info.rfind(file_info, 0) == 0) {
            const std::string name = info.substr(file_info.size());
            if (name.empty()) {
                throw std::runtime_error("docs/tutorial.md:" + std::to_string(line) +
                                         ": `ingot file=` without a file name");
            }
            blocks.push_back({Block::Kind::file, line, name, join_lines(body, body_end)});
        } else if (info == console_info) {
            if (body == body_end || body->rfind(prompt, 0) != 0) {
                throw std::runtime_error("docs/tutorial.md:" + std::to_string(line) +
                                         ": a console block must start with `$ ingot …`");
            }
            blocks.push_back({Block::Kind::command, line, body->substr(prompt.size()),
                              join_lines(body + 1, body_end)});
        }
        i = end;
    }
    return blocks;
}

/// A fresh folder under the system's temporary folder, removed with everything in it at the end.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "ingot-tutorial-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary folder");
        }
        path_ = pattern;
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

} // namespace

TEST_CASE("the tutorial's blocks are well formed", "[tutorial]") {
    const auto blocks =
        parse_tutorial(ingot::test::read_text(ingot::test::source_dir / "docs/tutorial.md"));
    int files = 0;
    int commands = 0;
    for (const auto& b : blocks) {
        INFO("docs/tutorial.md:" << b.line);
        if (b.kind == Block::Kind::file) {
            ++files;
            const fs::path name(b.argument);
            CHECK(name.is_relative());
            CHECK(b.argument.find("..") == std::string::npos);
        } else {
            ++commands;
        }
    }
    CHECK(files > 0);
    CHECK(commands > 0);
    CHECK((!blocks.empty() && blocks.front().kind == Block::Kind::file));
}

TEST_CASE("every command in the tutorial prints what the tutorial shows", "[tutorial]") {
    const auto blocks =
        parse_tutorial(ingot::test::read_text(ingot::test::source_dir / "docs/tutorial.md"));
    ScratchDir dir;
    for (const auto& b : blocks) {
        if (b.kind == Block::Kind::file) {
            const fs::path file = dir.path() / b.argument;
            fs::create_directories(file.parent_path());
            std::ofstream(file, std::ios::binary | std::ios::trunc) << b.text;
            continue;
        }
        INFO("docs/tutorial.md:" << b.line << ": $ ingot " << b.argument);
        const auto r = ingot::test::run_ingot(b.argument, dir.path());
        CHECK(r.out == b.text);
        CHECK(r.err.empty());
    }
}
