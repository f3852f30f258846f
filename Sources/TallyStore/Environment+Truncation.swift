import CLMDB
#if canImport(Glibc)
import Glibc
#endif

extension Environment {
    /// Refuses an empty data file of a store that must already exist: LMDB would initialise it as
    /// a new store, so a data file truncated to nothing would read as an empty store.
    func checkDataFileNotEmpty() throws(StoreError) {
        var file = Glibc.stat()
        if stat(path + "/data.mdb", &file) == 0, file.st_size == 0 {
            throw StoreError(
                kind: .corrupted, operation: "open store at \(path)",
                detail: "the data file is empty (0 bytes): it was truncated, or the store was never initialised")
        }
    }

    /// Refuses a data file shorter than the pages its newest meta page says are in use.
    ///
    /// LMDB maps the file and does not compare its length with the meta page: reading a page past
    /// the end of a truncated file raises `SIGBUS` and kills the process. Checked on open, this
    /// turns a truncated store into a `corrupted` error. (Committed pages are written before the
    /// meta page that refers to them, so an intact store is never shorter than this.)
    func checkDataFileLength() throws(StoreError) {
        var fd: Int32 = -1
        var info = MDB_envinfo()
        var stat = MDB_stat()
        guard mdb_env_get_fd(handle, &fd) == 0, fd >= 0, mdb_env_info(handle, &info) == 0, mdb_env_stat(handle, &stat) == 0 else { return }
        var file = Glibc.stat()
        guard fstat(fd, &file) == 0 else { return }
        // A damaged meta page can hold any page number: no arithmetic here may trap.
        let (pages, o1) = UInt64(info.me_last_pgno).addingReportingOverflow(1)
        let (needed, o2) = pages.multipliedReportingOverflow(by: UInt64(stat.ms_psize))
        let length = UInt64(max(0, file.st_size))
        if o1 || o2 {
            throw StoreError(
                kind: .corrupted, operation: "open store at \(path)",
                detail: "its meta page names page \(info.me_last_pgno) as the last in use, beyond any file")
        }
        if length < needed {
            throw StoreError(
                kind: .corrupted, operation: "open store at \(path)",
                detail: "the data file is \(length) bytes but its pages in use end at byte \(needed): it was truncated")
        }
    }
}
