#include "support.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace ingot::test {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ingot-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary folder");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& relative, const std::string& text) const {
    const auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
}

std::vector<std::string> relative_headlines(const std::vector<lang::Diagnostic>& diagnostics,
                                            const lang::SourceMap& sources,
                                            const std::filesystem::path& dir) {
    std::vector<std::string> out;
    const std::string prefix = dir.string() + "/";
    for (const lang::Diagnostic& d : diagnostics) {
        std::string h = lang::headline(d, sources);
        if (h.rfind(prefix, 0) == 0) {
            h.erase(0, prefix.size());
        }
        out.push_back(h);
    }
    return out;
}

RunResult run_ingot(const std::string& args, const std::filesystem::path& dir,
                    const std::string& stdin_text) {
    char out_template[] = "/tmp/ingot-test-out-XXXXXX";
    char err_template[] = "/tmp/ingot-test-err-XXXXXX";
    char in_template[] = "/tmp/ingot-test-in-XXXXXX";
    close(mkstemp(out_template));
    close(mkstemp(err_template));
    const int in_fd = mkstemp(in_template);
    if (!stdin_text.empty()) {
        (void)!write(in_fd, stdin_text.data(), stdin_text.size());
    }
    close(in_fd);
    const std::string command =
        fmt::format("cd '{}' && NO_COLOR=1 '{}' {} <'{}' >'{}' 2>'{}'", dir.string(), INGOT_BINARY,
                    args, in_template, out_template, err_template);
    const int status = std::system(command.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_text(out_template);
    r.err = read_text(err_template);
    std::remove(out_template);
    std::remove(err_template);
    std::remove(in_template);
    return r;
}

} // namespace ingot::test
