extension ServiceTimeModel {
  /// A copy that adds a request-path delay to each batch a replica starts after idling.
  ///
  /// On a busy machine a request doesn't start the moment it is due: the client sends it a
  /// little late, and the idle batcher thread takes a while to wake. Measured here with a probe of
  /// the request path (the live client and batcher around a pass that does nothing), these add
  /// directly to the latency of every request that finds the replica idle, and occupy the
  /// replica meanwhile, so the simulation adds one draw (i.i.d.) to such a batch's service time.
  ///
  /// - Parameters:
  ///   - samples: delays in seconds (≥ 0), in any order.
  ///   - description: words for the basis, e.g. "request-path delay from a 2 s probe".
  /// - Throws: `SimulationError.emptySequence` / `.badSample`.
  public func addingRequestPathDelay(samples: [Double], description: String) throws -> ServiceTimeModel {
    var copy = self
    copy.requestPathDelay = try BlockBootstrap(sequences: [samples], blockLength: 1)
    copy.basis += "; plus \(description)"
    return copy
  }
}
