# The layering, checked when CMake configures: each source folder may include only the folders
# named for it, and the torch-free layers never include LibTorch (nor core GL or ImGui). A
# wrong-way include stops the configure with the file and the include that broke the rule;
# the targets' PRIVATE links keep headers they don't name out of reach as well.
#
#   egeot_layer(<folder under src> ALLOWS <folders...> [FORBID <regex>] [ALSO <headers...>])
function(egeot_layer folder)
  cmake_parse_arguments(L "" "FORBID" "ALLOWS;ALSO" ${ARGN})
  file(GLOB files CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${folder}/*.h ${CMAKE_SOURCE_DIR}/src/${folder}/*.cpp)
  if(NOT files)
    message(FATAL_ERROR "layers: src/${folder} holds no sources")
  endif()
  foreach(file ${files})
    file(STRINGS ${file} lines REGEX "^#include [<\"]")
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${file})
    foreach(line ${lines})
      if(line MATCHES "^#include \"([a-z_/]+)/[a-z_0-9]+\\.h\"")
        set(dir ${CMAKE_MATCH_1})
        string(REGEX MATCH "\"([^\"]+)\"" _ "${line}")
        set(header ${CMAKE_MATCH_1})
        if(NOT dir STREQUAL folder AND NOT dir IN_LIST L_ALLOWS AND NOT header IN_LIST L_ALSO)
          message(FATAL_ERROR "layers: ${rel} includes ${header}; src/${folder} may use only "
                              "${folder} ${L_ALLOWS} ${L_ALSO}")
        endif()
      elseif(L_FORBID AND line MATCHES "${L_FORBID}")
        message(FATAL_ERROR "layers: ${rel}: '${line}' is not allowed in src/${folder}")
      endif()
    endforeach()
  endforeach()
endfunction()

set(egeot_no_gui "^#include <(imgui|backends/|GL/|GLFW/)")
set(egeot_no_torch "^#include <(torch/|ATen/|c10/|caffe2/)")
set(egeot_core_folders core/ot core/data core/nets core/generators core/scenes core/model core/train)

egeot_layer(base FORBID "${egeot_no_torch}|${egeot_no_gui}")
egeot_layer(core/ot ALLOWS base FORBID "${egeot_no_gui}")
egeot_layer(core/data ALLOWS base core/ot FORBID "${egeot_no_gui}")
egeot_layer(core/nets ALLOWS base core/ot core/data FORBID "${egeot_no_gui}")
egeot_layer(core/generators ALLOWS base core/ot core/data core/nets FORBID "${egeot_no_gui}")
egeot_layer(core/scenes ALLOWS base core/ot core/data core/nets core/generators FORBID "${egeot_no_gui}")
egeot_layer(core/model ALLOWS base core/ot core/data core/nets core/generators core/scenes
            FORBID "${egeot_no_gui}")
egeot_layer(core/train ALLOWS base ${egeot_core_folders} FORBID "${egeot_no_gui}")
# Data-parallel training on c10d, above the trainer; only bench and cli use it.
egeot_layer(core/dist ALLOWS base ${egeot_core_folders} FORBID "${egeot_no_gui}")
egeot_layer(eval ALLOWS base ${egeot_core_folders} FORBID "${egeot_no_gui}")
egeot_layer(bench ALLOWS base ${egeot_core_folders} core/dist eval FORBID "${egeot_no_gui}")
egeot_layer(cli ALLOWS base ${egeot_core_folders} core/dist eval bench FORBID "${egeot_no_gui}")
egeot_layer(viz/plot FORBID "${egeot_no_torch}|${egeot_no_gui}")
egeot_layer(viz/gl ALLOWS viz/plot FORBID "${egeot_no_torch}|^#include <(imgui|backends/)")
egeot_layer(viz/imgui ALLOWS viz/plot viz/gl FORBID "${egeot_no_torch}")
egeot_layer(studio/protocol ALLOWS viz/plot FORBID "${egeot_no_torch}|${egeot_no_gui}")
egeot_layer(studio/worker ALLOWS base ${egeot_core_folders} eval studio/protocol viz/plot
            FORBID "${egeot_no_gui}")
# The UI reaches the trainer thread through training_worker.h alone.
egeot_layer(studio/ui ALLOWS base viz/plot viz/gl viz/imgui studio/protocol
            ALSO studio/worker/training_worker.h FORBID "${egeot_no_torch}")
