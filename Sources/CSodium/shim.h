#ifndef TORSWIFT_CSODIUM_SHIM_H
#define TORSWIFT_CSODIUM_SHIM_H
#include <sodium.h>
#endif
