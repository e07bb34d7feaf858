// Reading sources from the file system, for the public Workspace and the default import
// resolver. The only code that opens plan files.
//
// Every read is bounded: only regular files are opened (never FIFOs, devices or /proc), and no
// more than the limit is read whether or not the size is known in advance.
#pragma once

#include "ingot/ingot.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime {

enum class ReadStatus { ok, not_found, not_regular, too_large, failed };

struct ReadResult {
    ReadStatus status = ReadStatus::ok;
    std::string text;
    std::string error; // a sentence for anything but ok; never contains the file's content
    /// The version read (from the open descriptor), for SourceVersion.
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint32_t mode = 0;
};

/// Reads at most `max_bytes` of the regular file `path`.
ReadResult read_source(const std::string& path, std::size_t max_bytes);

/// `path` if a file; every `*.plan` and `*.rules` under it if a folder (recursively, sorted,
/// hidden entries skipped). Throws Error(io) when it does not exist or cannot be listed.
std::vector<std::string> find_sources(const std::string& path);

/// The public rewrite_source (ingot.hpp states the contract).
void rewrite_source(const SourceVersion& read, std::string_view text);

} // namespace ingot::runtime
