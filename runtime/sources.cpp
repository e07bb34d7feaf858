#include "runtime/sources.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ingot::runtime {

namespace fs = std::filesystem;

namespace {

bool is_checked_file(const fs::path& path) {
    const auto ext = path.extension();
    return ext == ".plan" || ext == ".rules";
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.';
}

/// Closes a descriptor on every path out.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

} // namespace

ReadResult read_source(const std::string& path, std::size_t max_bytes) {
    ReadResult result;
    const auto fail = [&](ReadStatus status, std::string error) {
        result.status = status;
        result.error = std::move(error);
        result.text.clear();
        return result;
    };
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return fail(errno == ENOENT || errno == ENOTDIR ? ReadStatus::not_found
                                                        : ReadStatus::failed,
                    errno == ENOENT || errno == ENOTDIR ? "no such file" : std::strerror(errno));
    }
    if (S_ISDIR(info.st_mode)) {
        return fail(ReadStatus::not_regular, "it is a directory");
    }
    if (!S_ISREG(info.st_mode)) {
        return fail(ReadStatus::not_regular, "it is not a regular file");
    }
    // O_NONBLOCK: should the path be swapped for a FIFO after the stat, open does not wait.
    Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (file.fd < 0) {
        return fail(ReadStatus::failed, std::strerror(errno));
    }
    if (::fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        return fail(ReadStatus::not_regular, "it is not a regular file");
    }
    const auto too_large = [&] {
        return fail(ReadStatus::too_large,
                    fmt::format("it is larger than the source size limit of {} bytes", max_bytes));
    };
    if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
        return too_large();
    }
    // Read one byte past the limit, so a file that grows while being read is still caught.
    char buffer[1 << 16];
    while (true) {
        const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(ReadStatus::failed, std::strerror(errno));
        }
        if (n == 0) {
            break;
        }
        result.text.append(buffer, static_cast<std::size_t>(n));
        if (result.text.size() > max_bytes) {
            return too_large();
        }
    }
    return result;
}

std::vector<std::string> find_sources(const std::string& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        throw Error(Error::Kind::io,
                    fmt::format("cannot read `{}`: no such file or directory", path));
    }
    if (!fs::is_directory(status)) {
        return {fs::path(path).lexically_normal().string()};
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, ec);
    if (ec) {
        throw Error(Error::Kind::io, fmt::format("cannot read `{}`: {}", path, ec.message()));
    }
    // A folder that cannot be read is an error naming it, never silently skipped: the files in
    // it would go unchecked. The iterator fails while entering the entry it stood on.
    std::string entering = path;
    const auto cannot_read = [&] {
        return Error(Error::Kind::io, fmt::format("cannot read `{}`: {}", entering, ec.message()));
    };
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            throw cannot_read();
        }
        entering = it->path().string();
        if (is_hidden(it->path())) {
            if (it->is_directory(ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (it->is_regular_file(ec) && is_checked_file(it->path())) {
            found.push_back(it->path().lexically_normal().string());
        }
    }
    if (ec) {
        throw cannot_read();
    }
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace ingot::runtime
