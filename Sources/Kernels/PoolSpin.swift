import CKernels
import Foundation

/// How long an idle worker of the kernels' thread pool spins before it sleeps.
///
/// A spinning worker starts the next job within a microsecond; a sleeping one must be woken by
/// the kernel (a futex system call on the caller's side, then the scheduler), which costs tens
/// of microseconds on a VM. The layers of one forward pass follow each other within
/// microseconds, so a short spin keeps the workers awake for a whole pass; a spin longer than
/// the gap between two requests keeps them awake between requests too, at the price of a busy
/// core (`coreFraction(requestRate:microseconds:)`). `INFER_PLAN_SPIN_US` sets it; `main` reads
/// the variable and calls `setProcessDefault(environmentValue:)`.
public enum PoolSpin {
  /// The default spin (µs), chosen by measurement (docs/performance.md, "Thread pool").
  public static let defaultMicroseconds = Int(IP_POOL_DEFAULT_SPIN_US)
  /// The largest spin accepted (µs): one second.
  public static let maximumMicroseconds = Int(IP_POOL_MAX_SPIN_US)

  /// The spin of pools created without an explicit one (µs).
  public static var processDefault: Int { Int(ip_pool_default_spin_us()) }

  /// Parses an `INFER_PLAN_SPIN_US` value: nil or blank means "not set" (nil).
  /// - Throws: `PoolSpinError.invalid` for anything but a whole number from 0 to 1 000 000.
  public static func parse(_ text: String?) throws(PoolSpinError) -> Int? {
    guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
    guard let value = Int(text), (0...maximumMicroseconds).contains(value) else {
      throw PoolSpinError.invalid(text)
    }
    return value
  }

  /// Sets the spin of every pool created afterwards without an explicit one (`CPUModel`'s
  /// default), from an `INFER_PLAN_SPIN_US` value; nil or blank restores the default.
  /// - Throws: `PoolSpinError.invalid` for a bad value (nothing changes then).
  public static func setProcessDefault(environmentValue text: String?) throws(PoolSpinError) {
    ip_pool_set_default_spin_us(Int32(try parse(text) ?? defaultMicroseconds))
  }

  /// The fraction of a core each worker thread (threads − 1 per replica) spends spinning
  /// between requests arriving at random (Poisson) at `requestRate` per second: after each
  /// request a worker spins for min(gap, spin), and for exponential gaps of mean 1/λ,
  /// λ·E[min(gap, s)] = 1 − e^(−λ·s). At λ·s ≪ 1 that is λ·s (100 requests/s and 100 µs:
  /// 1% of a core per worker); it approaches a whole core as requests come faster than the
  /// spin. Time inside a pass is not counted (the worker is computing then).
  public static func coreFraction(requestRate: Double, microseconds: Int) -> Double {
    guard requestRate > 0, microseconds > 0 else { return 0 }
    return 1 - exp(-requestRate * Double(microseconds) * 1e-6)
  }
}

/// A bad `INFER_PLAN_SPIN_US` value.
public enum PoolSpinError: Error, Equatable, CustomStringConvertible {
  case invalid(String)

  public var description: String {
    switch self {
    case .invalid(let text):
      "INFER_PLAN_SPIN_US='\(text)' is not a spin time; use a whole number of microseconds from 0 to "
        + "\(PoolSpin.maximumMicroseconds) (0: workers sleep at once), or unset it for the default "
        + "(\(PoolSpin.defaultMicroseconds))."
    }
  }
}
