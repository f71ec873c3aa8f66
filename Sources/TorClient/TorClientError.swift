import TorCore

/// The one error type of the `TorClient` module: what went wrong starting, running or reconfiguring the client.
///
/// The shared ``TorCore/ModuleError`` shape (a stable code, the kind that tells the caller how
/// to react, a reason that says what to do, where it was raised) under this module's own name,
/// so its codes (`TorClientError.Code`) are a type of their own.
public typealias TorClientError = ModuleError<TorClientErrorDomain>

/// Marks errors and codes as the `TorClient` module's; never instantiated.
public enum TorClientErrorDomain {}
