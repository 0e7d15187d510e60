#pragma once
// AFHQ (Animal Faces-HQ, Choi et al. 2020) in its standard layout
// afhq/{train,val}/{cat,dog,wild}/*.jpg. egeot never downloads it: the user does.
#include "core/data/image_folder.h"

#include <string>
#include <vector>

namespace egeot {

const std::vector<std::string>& afhq_class_names();  // cat, dog, wild

// Images of `classes` (default: all three) from root/split/<class>/, labelled by their index
// in `classes`. Throws InputError naming the first missing directory and where AFHQ is found;
// unreadable files are skipped with a warning, a class without images is an error.
ImageSet load_afhq(const std::string& root, const std::string& split,
                   const ImageLoadOptions& options, const std::vector<std::string>& classes = {},
                   const WarningSink& warn = {});

}  // namespace egeot
