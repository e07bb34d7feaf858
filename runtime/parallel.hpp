// A parallel loop over independent items, for the stages that work file by file or plan by plan.
//
// Every stage that uses it writes item i's result into slot i only and reads nothing another
// item writes, then gathers the slots in order: its result is the same for any number of
// threads, which is what lets `--jobs` never change the output.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace ingot::runtime {

/// The number of threads `threads` asks for: 0 means one per core.
inline unsigned resolve_threads(unsigned threads) {
    return threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
}

/// Calls `work(i)` for every i in [0, count), on up to `threads` threads (0: one per core);
/// items are handed out one at a time, so uneven items balance. The first exception thrown by
/// `work` stops the other threads after their current item and is rethrown here.
template <typename Work>
void parallel_for(std::size_t count, unsigned threads, Work&& work) {
    threads = static_cast<unsigned>(std::min<std::size_t>(resolve_threads(threads), count));
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i) {
            work(i);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(threads);
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            try {
                for (std::size_t i = next++; i < count; i = next++) {
                    work(i);
                }
            } catch (...) {
                errors[t] = std::current_exception();
                next = count; // the others stop after their current item
            }
        });
    }
    for (std::thread& worker : pool) {
        worker.join();
    }
    for (const std::exception_ptr& error : errors) {
        if (error) {
            std::rethrow_exception(error);
        }
    }
}

} // namespace ingot::runtime
