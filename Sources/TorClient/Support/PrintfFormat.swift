#if canImport(Glibc)
import Glibc
#endif

/// printf-style formatting through the C library's vsnprintf(3), in place of Foundation's
/// `String(format:)`: the client does not link swift-corelibs-foundation (and its ICU, several
/// MiB resident), and the C library gives byte-identical output for the numeric conversions we
/// use (`%d`, `%02d`, `%.1f`).
public enum PrintfFormat {
    /// The largest formatted result; our formats are short lines, so a longer one is a bug and is
    /// cut here rather than allocated without bound.
    static let maximumByteCount = 512

    /// `format` with `arguments` substituted, as printf(3) would print them in the C locale.
    /// Only integer and floating-point arguments are meant here (`%s` needs a C string pointer
    /// that outlives the call: use string interpolation for text).
    public static func string(_ format: String, _ arguments: any CVarArg...) -> String {
        string(format, arguments: arguments)
    }

    /// `format` with the `arguments` array substituted; see ``string(_:_:)``.
    public static func string(_ format: String, arguments: [any CVarArg]) -> String {
        var buffer = [CChar](repeating: 0, count: maximumByteCount)
        _ = withVaList(arguments) { list in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, list) }
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
