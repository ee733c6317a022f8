// ClusterRoleBindings, after pkg/apis/rbac/v1/defaults.go and the RBAC
// validation.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { defaultBinding, validateBinding, validateRoleRefUnchanged } from '../role/strategy.js';

export const clusterRoleBindingStrategy: Strategy = defineStrategy({
  nameRule: 'path',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  defaults: defaultBinding,
  validate: (obj) => validateBinding(obj, false),
  validateUpdate: (obj, old) => [...validateBinding(obj, false), ...validateRoleRefUnchanged(obj, old)],
});
