import Glibc

/// Process-wide memory settings of `torctl run`, applied once at its start.
///
/// The client's resident memory is mostly code (benchmarks/PROFILE.md); of the rest, glibc's
/// malloc keeps one arena per thread that ever allocated (up to 8 per core), each holding its
/// own free lists and partly used pages. Measured on the private network, the client had made
/// 8 thread arenas by the end of a download; with two arenas in all (the main one and one the
/// other threads share) its anonymous memory is ~0.35 MiB lower and the throughput the same.
enum ProcessMemorySettings {
    /// glibc's `M_ARENA_MAX` option of mallopt(3) (malloc.h); Swift's Glibc module does not
    /// import malloc.h.
    static let arenaLimitOption: Int32 = -8
    /// Arenas malloc may have in all, the main one included.
    static let arenaLimit: Int32 = 2

    /// Applies the settings; a C library without mallopt (not glibc) keeps its defaults.
    static func apply() {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        // Looked up at run time: mallopt is glibc-specific and not in the Glibc module.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(arenaLimitOption, arenaLimit)
    }
}
