#pragma once

// libweir-controller: drive weir-worker processes from C++. See controller/README.md.

#include "weir/callback.hpp"
#include "weir/channel_object.hpp"
#include "weir/errors.hpp"
#include "weir/log.hpp"
#include "weir/notification.hpp"
#include "weir/router.hpp"
#include "weir/uuid.hpp"
#include "weir/worker.hpp"
#include "weir/worker_settings.hpp"
#include "weir/worker_types.hpp"
