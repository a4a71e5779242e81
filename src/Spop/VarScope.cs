namespace SpoaOpenTracing.Spop;

/// <summary>Scope of a variable set or unset by an ACK action; HAProxy prefixes it as <c>proc.</c>, <c>sess.</c>, ...</summary>
public enum VarScope : byte
{
    Process = 0,
    Session = 1,
    Transaction = 2,
    Request = 3,
    Response = 4,
}
