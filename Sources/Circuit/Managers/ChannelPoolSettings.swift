import TorCore

/// How the ``ChannelManager`` shares and retires channels: the torrc's
/// `EnableConnectionPooling`, `ConnectionPoolMaxIdle` and `ConnectionPoolMaxLife` (all
/// reloadable, see ``TorCore/ReloadableSettings``).
public struct ChannelPoolSettings: Sendable, Equatable {
    /// Share one channel per relay between circuits. Off: every request opens its own channel,
    /// closed once its circuits are gone.
    public var isPoolingEnabled: Bool
    /// Close a channel that has carried no circuit for this long.
    public var maximumIdle: Duration
    /// Build no new circuit on a channel this old; close it once its circuits are gone.
    public var maximumLife: Duration

    /// Explicit settings; `maximumLife` below `maximumIdle` is raised to it, as the torrc
    /// validator does.
    public init(isPoolingEnabled: Bool = true, maximumIdle: Duration = .seconds(300), maximumLife: Duration = .seconds(3600)) {
        self.isPoolingEnabled = isPoolingEnabled
        self.maximumIdle = max(maximumIdle, .zero)
        self.maximumLife = max(maximumLife, self.maximumIdle)
    }

    /// The pool settings of a (re)loaded torrc.
    public init(_ settings: ReloadableSettings) {
        self.init(
            isPoolingEnabled: settings.enableConnectionPooling,
            maximumIdle: settings.connectionPoolMaxIdle,
            maximumLife: settings.connectionPoolMaxLife)
    }
}
