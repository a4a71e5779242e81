namespace SpoaOpenTracing.Spop.Internal;

/// <summary>A validated NOTIFY payload copied out of the receive buffer (a pooled array) to be handled after the
/// processing delay.</summary>
internal readonly record struct DelayedFrame(ulong StreamId, ulong FrameId, byte[] Buffer, int Length);
