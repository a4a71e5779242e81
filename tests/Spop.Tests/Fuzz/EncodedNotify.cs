namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>
/// A NOTIFY frame encoded from a model, with the offsets (from the frame's first byte, length prefix included) that
/// the structural mutations need: where the payload starts, where each message ends, where each typed value starts.
/// </summary>
internal sealed record EncodedNotify(byte[] Frame, int PayloadOffset, int[] MessageEnds, int[] ValueTypeOffsets);
