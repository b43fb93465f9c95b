import { describeApprovalAcrossContainers } from '../../../shared/runtime/test/agents-approval-containers';
import { build } from '../src/handler';

describeApprovalAcrossContainers('f', build);
