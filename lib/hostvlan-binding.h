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


#ifndef HOSTVLAN_BINDING_H
#define HOSTVLAN_BINDING_H 1

/* Helpers for rows of the HostVLAN tenant database's Binding table, shared
 * by ovs-tenantctl and ovs-tenantd. */

#include <stdbool.h>

struct hvrec_binding;

bool hostvlan_binding_requests(const struct hvrec_binding *,
                               const char *host);

#endif /* hostvlan-binding.h */
