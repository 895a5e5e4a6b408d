#ifndef BAOCAO_CLIBZIP_SHIM_H
#define BAOCAO_CLIBZIP_SHIM_H
#include <zip.h>
#endif
