using SpoaOpenTracing.EndToEnd.Infrastructure;

namespace SpoaOpenTracing.EndToEnd.Spop;

/// <summary>
/// HAProxy 2.6 config for the echo agent: every SPOP type sent as an argument, each echoed variable shown in an
/// <c>X-Echo-&lt;name&gt;</c> response header, the agent backend health-checked with <c>option spop-check</c>.
/// </summary>
internal static class EchoConfig
{
    public const string AgentBackend = "be_agents";
    public const string AgentServer = "agent";

    public const string Haproxy = HaproxyConfigs.GlobalAndDefaults + """
        frontend fe_echo
            bind 127.0.0.1:{{FRONTEND_PORT}}
            bind [::1]:{{FRONTEND_PORT}}
            filter spoe engine echo config spoe.cfg
            # Set before the SPOE event: the agent's NULL echo must unset it.
            tcp-request content set-var(txn.echo.nul) str(preset)
            http-response set-header X-Echo-val "%[var(txn.echo.val)]"
            http-response set-header X-Echo-str "%[var(txn.echo.str)]"
            http-response set-header X-Echo-int "%[var(txn.echo.int)]"
            http-response set-header X-Echo-neg "%[var(txn.echo.neg)]"
            http-response set-header X-Echo-t "%[var(txn.echo.t)]"
            http-response set-header X-Echo-f "%[var(txn.echo.f)]"
            http-response set-header X-Echo-v4 "%[var(txn.echo.v4)]"
            http-response set-header X-Echo-v6 "%[var(txn.echo.v6)]"
            http-response set-header X-Echo-src "%[var(txn.echo.src)]"
            http-response set-header X-Echo-bin "%[var(txn.echo.bin),hex]"
            http-response set-header X-Echo-nul "%[var(txn.echo.nul,absent)]"
            http-response set-header X-Echo-err "%[var(txn.echo.err)]"
            default_backend be_app

        backend be_app
            server app 127.0.0.1:{{BACKEND_PORT}}

        backend be_agents
            mode tcp
            timeout connect 2s
            timeout server 30s
            option spop-check
            server agent 127.0.0.1:{{AGENT_PORT}} check inter 500ms
        """;

    public const string Spoe = """
        [echo]
        spoe-agent echo-agent
            messages echo-types echo-back
            option var-prefix echo
            register-var-names val str int neg t f v4 v6 src bin nul
            option set-on-error err
            timeout hello 2s
            timeout idle 30s
            timeout processing 100ms
            use-backend be_agents
            log global

        # One argument of each SPOP type; the agent sets txn.echo.<name> to the same typed value.
        spoe-message echo-types
            args val=req.hdr(x-value) str=str(hello) int=int(42) neg=int(-9000000000) t=bool(1) f=bool(0) v4=ipv4(192.168.0.1) v6=ipv6(2001:db8::1) src=src bin=bin(0001ff) nul=req.hdr(x-absent)
            event on-frontend-http-request

        # The variables come back on the response event, so the agent sees the types HAProxy stored.
        spoe-message echo-back
            args val=var(txn.echo.val) str=var(txn.echo.str) int=var(txn.echo.int) neg=var(txn.echo.neg) t=var(txn.echo.t) f=var(txn.echo.f) v4=var(txn.echo.v4) v6=var(txn.echo.v6) src=var(txn.echo.src) bin=var(txn.echo.bin) nul=var(txn.echo.nul)
            event on-http-response
        """;
}
