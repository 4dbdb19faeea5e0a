package dev.pkcefilter;

import dev.pkcefilter.jakarta.PkceFilter;
import jakarta.servlet.Filter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A login start: a new session, state, nonce, PKCE verifier and S256 challenge, the pending-login
 * store, and the redirect to the authorization endpoint; against a bare session-and-302.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class LoginStartBenchmark {

    private LocalOpenIdProvider provider;
    private PkceFilter filter;
    private Filter bare;
    private BenchExchange.Request request;
    private BenchExchange.Response response;

    @Setup(Level.Trial)
    public void start() throws Exception {
        provider = BenchFilters.provider();
        filter = BenchFilters.started(BenchFilters.settings(provider.issuer()));
        bare = BenchFilters.bareRedirect();
        request = new BenchExchange.Request("/reports/q3", null);
        response = new BenchExchange.Response();
    }

    @Setup(Level.Invocation)
    public void newBrowser() {
        request.resetSession(null);
    }

    @TearDown(Level.Trial)
    public void stop() {
        filter.destroy();
        provider.close();
    }

    @Benchmark
    public String loginStartThroughPkceFilter() throws Exception {
        filter.doFilter(request, response, (req, res) -> { });
        return response.location;
    }

    @Benchmark
    public String bareRedirect() throws Exception {
        bare.doFilter(request, response, (req, res) -> { });
        return response.location;
    }
}
