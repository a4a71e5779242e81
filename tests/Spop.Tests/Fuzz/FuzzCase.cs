namespace SpoaOpenTracing.Spop.Tests.Fuzz;

/// <summary>A byte stream as HAProxy would send it on one connection, the mutation that made it, and the oracle.</summary>
internal sealed record FuzzCase(string Mutation, byte[] Bytes, Expectation Expected)
{
    public override string ToString() => $"{Mutation}: expect {Expected}; bytes {Convert.ToHexString(Bytes)}";
}
