// The replay driver: main() for the fuzz targets in builds without libFuzzer (the gcc builds of
// `./dev test`, plain and under ASan/UBSan). Feeds every regular file under the given paths
// (folders recursively, in sorted order) to LLVMFuzzerTestOneInput once, so the seed corpus and
// every recorded regression input run as ordinary tests. A broken property aborts inside the
// target, which fails the test; a clean run prints how many inputs it replayed and exits 0.
// Exit 2 when a path is missing or a file cannot be read, or when no input was found at all (a
// replay of nothing must not pass).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool collect(const fs::path& path, std::vector<fs::path>& out) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        out.push_back(path);
        return true;
    }
    if (!fs::is_directory(path, ec)) {
        std::fprintf(stderr, "replay: %s: no such file or folder\n", path.c_str());
        return false;
    }
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
        // README files describe the inputs beside them; they are not inputs.
        if (entry.is_regular_file() && entry.path().filename() != "README.md") {
            out.push_back(entry.path());
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        if (!collect(argv[i], inputs)) {
            return 2;
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "replay: no inputs\n");
        return 2;
    }
    std::sort(inputs.begin(), inputs.end());
    for (const auto& path : inputs) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "replay: %s: cannot read\n", path.c_str());
            return 2;
        }
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                      std::istreambuf_iterator<char>()};
        std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
        // data() of an empty vector may be null; libFuzzer passes a valid pointer, so do we.
        static const std::uint8_t empty = 0;
        LLVMFuzzerTestOneInput(bytes.empty() ? &empty
                                             : reinterpret_cast<const std::uint8_t*>(bytes.data()),
                               bytes.size());
    }
    std::printf("replay: %zu inputs, no failure\n", inputs.size());
    return 0;
}
