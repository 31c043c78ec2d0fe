# Writes the man pages cescape(1) and cescape-<command>(1) from the text of
# `cescape help` and `cescape help <command>`, so that they say exactly what
# --help says. Run by cmake/CMakeLists.txt:
#   cmake -DCESCAPE=bin -DOUT=dir -DVERSION=x -DCOMMANDS=cc,check,... -P manpage.cmake

# Text as troff: backslashes and dashes escaped, no line read as a request.
function(as_troff text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# One page: NAME from the one-line summary, then the help text as it prints.
function(write_page name summary help)
  string(TOUPPER "${name}" title)
  as_troff("${summary}" summary)
  as_troff("${help}" help)
  file(WRITE "${OUT}/${name}.1"
    ".TH ${title} 1 \"\" \"cescape ${VERSION}\" \"cescape manual\"\n"
    ".SH NAME\n${name} \\- ${summary}\n"
    ".SH DESCRIPTION\n.nf\n${help}.fi\n")
endfunction()

execute_process(COMMAND "${CESCAPE}" help OUTPUT_VARIABLE main
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CESCAPE} help failed: ${rc}")
endif()
file(MAKE_DIRECTORY "${OUT}")
write_page(cescape "escape analysis and false sharing checks for C" "${main}")
string(REPLACE "," ";" COMMANDS "${COMMANDS}")
foreach(command IN LISTS COMMANDS)
  execute_process(COMMAND "${CESCAPE}" help ${command}
    OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  # The summary is the command's line in the list of `cescape help`.
  string(REGEX MATCH "\n  ${command} +([^\n]*)" line "${main}")
  if(NOT rc EQUAL 0 OR NOT line)
    message(FATAL_ERROR "no help for command ${command}")
  endif()
  write_page(cescape-${command} "${CMAKE_MATCH_1}" "${help}")
endforeach()
