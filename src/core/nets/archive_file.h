#pragma once
// Writing a torch archive to a file so that a failed write (a full disk) is an exception the
// caller can handle. torch's own save_to(path) finishes its zip file in a destructor; when a
// write fails there, the destructor throws and the process is terminated, leaving the
// temporary behind. Here torch writes through a sink that never reports failure to it; the
// first error is kept and thrown once torch is done.
#include <torch/serialize/output-archive.h>

#include <string>

namespace egeot {

// Throws std::runtime_error with the system's reason (e.g. "No space left on device") when
// the file cannot be created or written; write_atomically (atomic_file.h) turns that into an
// InputError naming the file.
void save_archive(torch::serialize::OutputArchive& archive, const std::string& path);

}  // namespace egeot
