import { createApi } from '#lib/api.ts';
import { required } from '#lib/load.ts';
import { parseMonitorModel } from '#lib/monitor-model.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => {
	const model = await required(() => createApi(fetch).GET('/api/monitor/model'));
	return { model: parseMonitorModel(model) };
};
