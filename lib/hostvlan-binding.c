/*
 * Copyright (c) 2026 HostVLAN-OVS developers.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */


#include <config.h>
#include "hostvlan-binding.h"

#include <string.h>
#include "hostvlan-idl.h"

/* True if binding 'b''s requested_hosts name 'host'. */
bool
hostvlan_binding_requests(const struct hvrec_binding *b, const char *host)
{
    for (size_t i = 0; i < b->n_requested_hosts; i++) {
        if (!strcmp(b->requested_hosts[i], host)) {
            return true;
        }
    }
    return false;
}
