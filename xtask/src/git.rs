//! Reading a clone of the docs repository (a checkout or a bare clone) with the git CLI: the
//! binary's side of [`gepgen::docs_repo`], which holds the rules.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use gepgen::docs_repo::{self, Commit};

/// A git repository: a checkout or a bare clone.
pub struct Repo {
    dir: PathBuf,
}

impl Repo {
    /// Opens `dir`, failing with what to do when it is not a git repository.
    pub fn open(dir: &Path) -> Result<Self> {
        let repo = Repo {
            dir: dir.to_path_buf(),
        };
        repo.git(&["rev-parse", "--git-dir"]).with_context(|| {
            format!(
                "{} is not a clone of the docs repository: give the folder of a `git clone` (a bare clone works too)",
                dir.display()
            )
        })?;
        Ok(repo)
    }

    fn git(&self, args: &[&str]) -> Result<Vec<u8>> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .context("cannot run git: is it installed and on PATH?")?;
        if !output.status.success() {
            bail!(
                "git {} failed in {}: {}",
                args.join(" "),
                self.dir.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(output.stdout)
    }

    /// Every commit of the current branch, oldest first, with its file changes.
    pub fn log(&self, paths: &[&str]) -> Result<Vec<Commit>> {
        let mut args: Vec<&str> = docs_repo::LOG_ARGS.to_vec();
        if !paths.is_empty() {
            args.push("--");
            args.extend(paths);
        }
        let raw = self.git(&args)?;
        let text = String::from_utf8(raw).context("git log printed text that is not UTF-8")?;
        Ok(docs_repo::parse_log(&text)?)
    }

    /// The contents of the blobs, in order, through one `git cat-file --batch`.
    pub fn blobs(&self, ids: &[&str]) -> Result<Vec<Vec<u8>>> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot run git cat-file")?;
        let mut stdin = child.stdin.take().context("git cat-file has no stdin")?;
        let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
        // Written from a thread: git answers while it reads, and both pipes have a limit.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let output = child.wait_with_output().context("git cat-file failed")?;
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("writing to git cat-file panicked"))?
            .context("cannot write to git cat-file")?;
        if !output.status.success() {
            bail!(
                "git cat-file failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let mut rest = output.stdout.as_slice();
        let mut blobs = Vec::with_capacity(ids.len());
        for id in ids {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .context("git cat-file: truncated output")?;
            let header = String::from_utf8_lossy(&rest[..end]).into_owned();
            let size: usize = match header.split(' ').collect::<Vec<_>>()[..] {
                [_, "blob", size] => size.parse().context("git cat-file: bad size")?,
                _ => bail!("{id} is not a blob in this repository ({header})"),
            };
            let body = rest
                .get(end + 1..end + 1 + size)
                .context("git cat-file: truncated blob")?;
            blobs.push(body.to_vec());
            rest = &rest[(end + 2 + size).min(rest.len())..];
        }
        Ok(blobs)
    }

    /// The file at `path` in the current commit, or `None` when the commit has no such file.
    pub fn read_head(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let spec = format!("HEAD:{path}");
        match self.git(&["cat-file", "-e", &spec]) {
            Ok(_) => Ok(Some(self.git(&["cat-file", "blob", &spec])?)),
            Err(_) => Ok(None),
        }
    }

    /// Every events page of the current commit, by path.
    pub fn events_pages(&self) -> Result<Vec<String>> {
        let listing = self.git(&["ls-tree", "-r", "--name-only", "-z", "HEAD"])?;
        Ok(String::from_utf8_lossy(&listing)
            .split('\0')
            .filter(|path| docs_repo::is_events_page(path))
            .map(str::to_owned)
            .collect())
    }
}
