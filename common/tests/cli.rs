//! What every lecture binary shares on its command line: errors on one line.

#![allow(clippy::unwrap_used)]

#[test]
fn an_error_and_its_causes_fit_on_one_line() {
    use anyhow::Context;
    let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
    let e = Err::<(), _>(io)
        .context("No such file or directory")
        .context("reading x.csv")
        .unwrap_err();
    assert_eq!(
        common::cli::one_line(&e),
        "reading x.csv: No such file or directory"
    );
    let traced = anyhow::anyhow!(
        "Internal torch error: not a ZIP archive\nException raised from …\nframe #0: …"
    );
    assert_eq!(
        common::cli::one_line(&traced.context("loading base.csv")),
        "loading base.csv: Internal torch error: not a ZIP archive"
    );
}
