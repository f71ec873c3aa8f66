/// Holds the current ``NetworkView`` and swaps it whole when a newer consensus is ready, so
/// readers always see one consistent snapshot (never relays of one consensus with weights of
/// another).
///
/// Invariant: the held view's `validAfter` never goes backwards, so a slow fetch that finishes
/// late cannot replace a newer view with an older one.
public actor NetworkViewStore {
    /// The current view; nil until the first consensus has been verified.
    public private(set) var current: NetworkView?

    /// A store holding `view`, or nothing yet.
    public init(_ view: NetworkView? = nil) {
        current = view
    }

    /// Makes `view` current unless the held view is newer. Returns whether it was taken.
    ///
    /// A view with the same `validAfter` replaces the held one: it is the same consensus with
    /// more microdescriptors.
    @discardableResult
    public func replace(with view: NetworkView) -> Bool {
        if let current, current.validAfter > view.validAfter { return false }
        current = view
        return true
    }
}
