// Image plane kernels at the portable level (x86-64 baseline SSE2, or any other CPU): the body
// of image_kernels_body.h without a target attribute.
#define IP_IMAGE_TABLE_NAME ip_image_table_scalar
#include "image_kernels_body.h"
