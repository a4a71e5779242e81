namespace SpoaOpenTracing.Cli.Options;

/// <summary>
/// A small GNU getopt_long work-alike, because the seed's users write <c>-r0</c>, <c>-Cfile</c>, <c>-d-1</c> and
/// <c>--runtime 5s</c>, forms System.CommandLine does not accept. Rules: short options cluster (<c>-Dh</c>); a short
/// option's argument is the rest of the word or the next word; a long option's argument follows <c>=</c> or is the
/// next word; a long name may be abbreviated while unambiguous; <c>--</c> ends the options. Words that are not
/// options are returned as operands (GNU permutation).
/// </summary>
internal static class GetoptParser
{
    public static List<ParsedOption> Parse(IReadOnlyList<OptionSpec> table, IReadOnlyList<string> args, List<string> operands)
    {
        var result = new List<ParsedOption>();
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                for (i++; i < args.Count; i++)
                {
                    operands.Add(args[i]);
                }

                break;
            }

            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                result.Add(ParseLong(table, args, ref i));
            }
            else if (word.Length > 1 && word[0] == '-')
            {
                ParseShortCluster(table, args, ref i, result);
            }
            else
            {
                operands.Add(word);
            }
        }

        return result;
    }

    private static ParsedOption ParseLong(IReadOnlyList<OptionSpec> table, IReadOnlyList<string> args, ref int i)
    {
        var body = args[i].AsSpan(2);
        var equals = body.IndexOf('=');
        var name = equals < 0 ? body.ToString() : body[..equals].ToString();
        var spec = FindLong(table, name);
        if (!spec.HasArgument)
        {
            if (equals >= 0)
            {
                throw new UsageException($"option '--{spec.Long}' doesn't allow an argument");
            }

            return new ParsedOption(spec, null);
        }

        if (equals >= 0)
        {
            return new ParsedOption(spec, body[(equals + 1)..].ToString());
        }

        if (i + 1 >= args.Count)
        {
            throw new UsageException($"option '--{spec.Long}' requires an argument");
        }

        return new ParsedOption(spec, args[++i]);
    }

    private static OptionSpec FindLong(IReadOnlyList<OptionSpec> table, string name)
    {
        OptionSpec? match = null;
        var ambiguous = false;
        foreach (var spec in table)
        {
            if (spec.Long == name)
            {
                return spec;
            }

            if (name.Length > 0 && spec.Long.StartsWith(name, StringComparison.Ordinal))
            {
                ambiguous = match is not null;
                match ??= spec;
            }
        }

        if (ambiguous)
        {
            throw new UsageException($"option '--{name}' is ambiguous");
        }

        return match ?? throw new UsageException($"unrecognized option '--{name}'");
    }

    private static void ParseShortCluster(IReadOnlyList<OptionSpec> table, IReadOnlyList<string> args, ref int i, List<ParsedOption> result)
    {
        var word = args[i];
        for (var j = 1; j < word.Length; j++)
        {
            var letter = word[j];
            var spec = FindShort(table, letter) ?? throw new UsageException($"invalid option -- '{letter}'");
            if (!spec.HasArgument)
            {
                result.Add(new ParsedOption(spec, null));
                continue;
            }

            if (j + 1 < word.Length)
            {
                result.Add(new ParsedOption(spec, word[(j + 1)..]));
            }
            else if (i + 1 < args.Count)
            {
                result.Add(new ParsedOption(spec, args[++i]));
            }
            else
            {
                throw new UsageException($"option requires an argument -- '{letter}'");
            }

            return;
        }
    }

    private static OptionSpec? FindShort(IReadOnlyList<OptionSpec> table, char letter)
    {
        foreach (var spec in table)
        {
            if (spec.Short == letter && letter != '\0')
            {
                return spec;
            }
        }

        return null;
    }
}
