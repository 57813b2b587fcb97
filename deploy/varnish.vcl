vcl 4.1;

# Varnish in front of Clinic CMS: keeps exactly what the shared cache keeps,
# and drops it on the same invalidations (cms/delivery/proxy.py).
#
# - A response is kept only if the web process sent it with Surrogate-Key
#   (public, stored in the shared cache), for Surrogate-Control's max-age.
#   Everything else (the admin, previews, editors' and API-key requests,
#   forms, errors) is fetched every time.
# - BAN / with "Surrogate-Key: k1 k2 ..." drops every response carrying one
#   of the keys; PURGE <url> drops one URL. Both only from the purgers ACL.
# - Conditional requests (If-None-Match, If-Modified-Since) are answered here
#   from the kept ETag and Last-Modified.
# - One copy per Host, URL and Origin, as the shared cache keys them.
#
# Run with room for a listing's keys, e.g.:
#   varnishd -a :6081 -f deploy/varnish.vcl -s malloc,1g \
#            -p http_resp_hdr_len=32k -p http_resp_size=64k -p http_req_hdr_len=16k
# and set FRONTEND_CACHE_PURGE_URL=http://<varnish host>:6081 on the web
# processes (several proxies: comma-separated). See docs/deploy.md.

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.Surrogate-Key !~ "^[0-9a-f]{10}( [0-9a-f]{10})*$") {
            return (synth(400, "Surrogate-Key must list 10-digit hex keys"));
        }
        # Keys are whole words of the kept header: \b(k1|k2)\b.
        if (!std.ban("obj.http.Surrogate-Key ~ \b(" +
                regsuball(req.http.Surrogate-Key, " ", "|") + ")\b")) {
            return (synth(500, "Ban failed: " + std.ban_error()));
        }
        return (synth(200, "Banned"));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, and requests the web process answers per person: API keys,
    # editors.
    if (req.url ~ "^/(admin|django-admin)/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.X-API-Key ||
        req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Other cookies change nothing the web process would let a proxy keep.
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key && beresp.status == 200 &&
        beresp.http.Surrogate-Control ~ "max-age=[0-9]+" &&
        beresp.http.Cache-Control !~ "(?i)private|no-store") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, ".*max-age=([0-9]+).*", "\1") + "s", 0s);
        if (beresp.ttl > 0s) {
            # Past its lifetime a response is fetched again, never served
            # stale: some ("open now") depend on the clock.
            set beresp.grace = 0s;
            set beresp.keep = 0s;
            unset beresp.http.Surrogate-Control;
            # Per-client headers of the request that filled the cache.
            unset beresp.http.RateLimit-Limit;
            unset beresp.http.RateLimit-Remaining;
            unset beresp.http.RateLimit-Reset;
            unset beresp.http.RateLimit-Policy;
            unset beresp.http.Set-Cookie;
            # The web process's own cache status: Varnish's is X-Proxy-Cache.
            unset beresp.http.X-Cache;
            # Keep one copy per URL and Origin, as the shared cache does (it
            # ignores Accept and cookies other than the session's, so the web
            # process's Vary: Accept, Cookie would only split the copies).
            # Clients still get the web process's own Vary.
            if (beresp.http.Vary) {
                set beresp.http.X-Client-Vary = beresp.http.Vary;
                if (beresp.http.Vary ~ "(?i)\borigin\b") {
                    set beresp.http.Vary = "Origin";
                } else {
                    unset beresp.http.Vary;
                }
            }
            return (deliver);
        }
    }
    # Not for keeping: fetch it for every request (no request coalescing).
    set beresp.uncacheable = true;
    set beresp.ttl = 10s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Proxy-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "hit";
    } else {
        set resp.http.X-Proxy-Cache = "miss";
    }
    if (resp.http.X-Client-Vary) {
        set resp.http.Vary = resp.http.X-Client-Vary;
        unset resp.http.X-Client-Vary;
    }
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
