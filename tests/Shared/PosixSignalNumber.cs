namespace SpoaOpenTracing.Tests.Shared;

/// <summary>The Linux numbers of the signals the tests send with <c>kill</c>.</summary>
public enum PosixSignalNumber
{
    Hup = 1,
    Int = 2,
    Kill = 9,
    Term = 15,
}
