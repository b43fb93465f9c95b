import { expect, it } from 'vitest';
import { describeApprovalAcrossContainers } from '../../../shared/runtime/test/agents-approval-containers';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { build } from '../src/handler';

describeApprovalAcrossContainers('e', build);
approvalInDynamo('e', build, { it, expect });
