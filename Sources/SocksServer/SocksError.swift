import TorCore

/// The one error type of the `SocksServer` module: what went wrong in the SOCKS listener or a SOCKS request.
///
/// The shared ``TorCore/ModuleError`` shape (a stable code, the kind that tells the caller how
/// to react, a reason that says what to do, where it was raised) under this module's own name,
/// so its codes (`SocksError.Code`) are a type of their own.
public typealias SocksError = ModuleError<SocksErrorDomain>

/// Marks errors and codes as the `SocksServer` module's; never instantiated.
public enum SocksErrorDomain {}
