using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SpoaOpenTracing.Spop.Internal;

internal static class ThrowHelper
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalid(string reason) => throw new SpopException(SpopStatus.InvalidFrame, reason);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(SpopStatus status, string reason) => throw new SpopException(status, reason);
}
