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

std::int64_t mtime_ns(const struct stat& info) {
    return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
           static_cast<std::int64_t>(info.st_mtim.tv_nsec);
}

/// Writes all of `text` to `fd`; false (errno set) on failure.
bool write_all(int fd, std::string_view text) {
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    return true;
}

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
    result.device = static_cast<std::uint64_t>(info.st_dev);
    result.inode = static_cast<std::uint64_t>(info.st_ino);
    result.size = static_cast<std::uint64_t>(info.st_size);
    result.mtime_ns = mtime_ns(info);
    result.mode = static_cast<std::uint32_t>(info.st_mode & 07777);
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

namespace ingot::runtime {

void rewrite_source(const SourceVersion& read, std::string_view text) {
    const std::string& path = read.path;
    const auto fail = [&](const std::string& why) {
        throw Error(Error::Kind::io,
                    fmt::format("cannot write `{}`: {}; it is left unchanged", path, why));
    };
    const auto changed = [&] {
        throw Error(Error::Kind::io,
                    fmt::format("`{}` changed after it was read; it is left unchanged", path));
    };
    // The file a symbolic link resolves to is the one rewritten; the link stays.
    std::error_code ec;
    const fs::path target = fs::canonical(path, ec);
    if (ec) {
        fail(ec.message());
    }
    struct stat now {};
    if (::stat(target.c_str(), &now) != 0) {
        fail(std::strerror(errno));
    }
    if (static_cast<std::uint64_t>(now.st_dev) != read.device ||
        static_cast<std::uint64_t>(now.st_ino) != read.inode) {
        changed();
    }
    // The mode bits, not access(W_OK): root may write anything, yet a file its owner marked
    // read-only is meant to stay as it is.
    if ((now.st_mode & S_IWUSR) == 0) {
        throw Error(Error::Kind::io,
                    fmt::format("`{}` is read-only (its owner has no write permission); it is "
                                "left unchanged",
                                path));
    }

    // The temporary file sits beside the target (a rename does not cross file systems); its name
    // shows whose it is, cut short so that it stays within NAME_MAX whatever the file's name.
    const fs::path dir = target.parent_path();
    std::string temp =
        (dir / ("." + target.filename().string().substr(0, 200) + ".fmt-XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        fail(std::strerror(errno));
    }
    Descriptor temp_file{fd};
    const auto fail_removing = [&](const std::string& why) {
        ::unlink(temp.c_str());
        fail(why);
    };
    if (!write_all(fd, text)) {
        fail_removing(std::strerror(errno));
    }
    if (::fchmod(fd, now.st_mode & 07777) != 0) {
        fail_removing(std::strerror(errno));
    }
    if (now.st_uid != ::geteuid() || now.st_gid != ::getegid()) {
        // Best effort: only root (or the owner, for a group it belongs to) may keep the owner.
        [[maybe_unused]] const int ignored = ::fchown(fd, now.st_uid, now.st_gid);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        temp_file.fd = -1;
        fail_removing(std::strerror(errno));
    }
    temp_file.fd = -1;

    // The last look before the rename: an edit saved since the read (even one that kept the
    // size and the modification time) leaves the file alone. An edit in the instant between this
    // look and the rename is not caught; no lock-free protocol can catch it.
    const ReadResult again = read_source(target.string(), read.text.size());
    if (again.status != ReadStatus::ok || again.device != read.device ||
        again.inode != read.inode || again.size != read.size || again.mtime_ns != read.mtime_ns ||
        again.text != read.text) {
        ::unlink(temp.c_str());
        changed();
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        fail_removing(std::strerror(errno));
    }
    // The rename is an entry of the folder: flush the folder, or a crash may undo it.
    Descriptor folder{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (folder.fd < 0 || ::fsync(folder.fd) != 0) {
        throw Error(Error::Kind::io,
                    fmt::format("`{}` was rewritten, but flushing its folder failed: {}", path,
                                std::strerror(errno)));
    }
}

} // namespace ingot::runtime
