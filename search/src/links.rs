//! Which addresses from the data may become a link.
//!
//! Source URLs come from seed files and city spreadsheets, which the handbook's readers did not
//! write. A `javascript:` (or `data:`, `vbscript:`) address rendered as `<a href>` runs in the
//! handbook's origin when tapped, and on a kiosk it becomes a QR code a visitor's phone opens.
//! So the checker, the import and the app all ask this one function, and it allows only what
//! a handbook source can legitimately be: a web page on a named host over `http` or `https`.

/// The address to put in an `href` (or a QR code), or `None` if `url` must not become a link.
///
/// Surrounding whitespace is trimmed and the scheme is compared case-insensitively (`HTTPS://`
/// is fine). Refused: every other scheme; addresses without a scheme, protocol-relative ones
/// included (`//host`); an empty host (`https:///x`); credentials before the host, which make
/// a link show one site and open another (`https://good.vn@evil.example`); and any control
/// character, whitespace or backslash inside, which browsers strip or reinterpret in ways that
/// differ from what the reader sees.
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme_len = ["https://", "http://"].into_iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|s| s.len())
    })?;
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    let rest = &url[scheme_len..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return None;
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    if host.is_empty() {
        return None;
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn web_addresses_pass_trimmed() {
        for (url, href) in [
            (
                "https://hanoi.gov.vn/lang-nghe",
                "https://hanoi.gov.vn/lang-nghe",
            ),
            ("http://example.vn", "http://example.vn"),
            (
                "  HTTPS://Example.vn/a?b=c#d \n",
                "HTTPS://Example.vn/a?b=c#d",
            ),
            ("hTtP://example.vn:8080/", "hTtP://example.vn:8080/"),
            ("https://[::1]:8080/x", "https://[::1]:8080/x"),
            (
                "https://vi.wikipedia.org/wiki/Bát_Tràng",
                "https://vi.wikipedia.org/wiki/Bát_Tràng",
            ),
        ] {
            assert_eq!(safe_href(url), Some(href), "{url:?}");
        }
    }

    #[test]
    fn other_schemes_and_odd_forms_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(document.domain)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "geo:21.0,105.8",
            "mailto:a@b.vn",
            "//evil.example/x",
            "/relative/path",
            "example.vn",
            "http:example.vn",
            "https:/example.vn",
            "https:///example.vn",
            "https://",
            "https://:443/",
            "https:\\\\evil.example",
            "https://good.vn\\@evil.example",
            "https://good.vn@evil.example/",
            "https://user:pass@example.vn",
            "https://exa mple.vn",
            "https://example.vn/\u{0}",
            "https://example.vn/a\nb",
            "httpsx://example.vn",
            "",
            "   ",
        ] {
            assert_eq!(safe_href(url), None, "{url:?} must not become a link");
        }
    }
}
