// Lets one header serve g++ (host only) and nvcc (host and device). Under nvcc a function marked LITELLM_HOST_DEVICE
// is compiled for both sides; elsewhere the mark is empty and no CUDA header is needed. LITELLM_UNROLL asks the
// device compiler to unroll the next loop fully (constant indices into the round constants and the schedule); host
// compilers would reject the unknown pragma under -Werror, so there it is empty.
#pragma once

#ifdef __CUDACC__
#define LITELLM_HOST_DEVICE __host__ __device__
#else
#define LITELLM_HOST_DEVICE
#endif

#ifdef __CUDA_ARCH__
#define LITELLM_UNROLL _Pragma("unroll")
#else
#define LITELLM_UNROLL
#endif
